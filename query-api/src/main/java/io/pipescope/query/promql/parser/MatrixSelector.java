package io.pipescope.query.promql.parser;

import java.time.Duration;

/**
 * A range vector selector: {@code x[5m]}. Offset and {@code @} of {@code x[5m] offset 1m} live in
 * the vector selector, as in Prometheus.
 *
 * @param range the range; zero when given as {@code rangeExpr}
 * @param rangeExpr the range as a duration expression ({@code x[step() * 2]}), or null
 * @param endPos where the selector ends, after any modifier
 */
public record MatrixSelector(VectorSelector vectorSelector, Duration range, DurationExpr rangeExpr, int endPos)
    implements Expr {

  MatrixSelector withSelector(VectorSelector vs, int end) {
    return new MatrixSelector(vs, range, rangeExpr, end);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(vectorSelector.positionRange().start(), endPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
