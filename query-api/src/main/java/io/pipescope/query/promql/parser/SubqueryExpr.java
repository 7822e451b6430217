package io.pipescope.query.promql.parser;

import java.time.Duration;

/**
 * A subquery: {@code rate(x[5m])[30m:1m] offset 5m}.
 *
 * @param range the range; zero when given as {@code rangeExpr}
 * @param step the resolution; zero when omitted ({@code [30m:]}) or given as {@code stepExpr}
 * @param offset as written; zero when none or when {@code offsetExpr}
 * @param at the {@code @} modifier, or null
 * @param endPos where the subquery ends, after any modifier
 */
public record SubqueryExpr(
    Expr expr,
    Duration range,
    DurationExpr rangeExpr,
    Duration step,
    DurationExpr stepExpr,
    Duration offset,
    DurationExpr offsetExpr,
    AtModifier at,
    int endPos)
    implements Expr {

  boolean hasOffset() {
    return !offset.isZero() || offsetExpr != null;
  }

  SubqueryExpr withOffset(Duration d, DurationExpr e, int end) {
    return new SubqueryExpr(expr, range, rangeExpr, step, stepExpr, d, e, at, end);
  }

  SubqueryExpr withAt(AtModifier a, int end) {
    return new SubqueryExpr(expr, range, rangeExpr, step, stepExpr, offset, offsetExpr, a, end);
  }

  SubqueryExpr withExpr(Expr e) {
    return new SubqueryExpr(e, range, rangeExpr, step, stepExpr, offset, offsetExpr, at, endPos);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(Positions.start(expr), endPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
