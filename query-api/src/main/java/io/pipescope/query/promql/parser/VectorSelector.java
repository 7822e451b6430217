package io.pipescope.query.promql.parser;

import io.pipescope.store.LabelMatcher;
import java.time.Duration;
import java.util.List;

/**
 * An instant vector selector: {@code http_requests_total{job="api"} offset 5m @ 1700000000}.
 *
 * @param name the metric name written before the braces, or "" when there is none (a name inside
 *     the braces is only a matcher)
 * @param matchers every matcher, the name written before the braces last, as {@code __name__="name"}
 * @param offset the offset as written (negative allowed); zero when none or when {@code offsetExpr}
 * @param offsetExpr an offset given as a duration expression, evaluated per query; or null
 * @param at the {@code @} modifier, or null
 * @param bypassEmptyMatcherCheck set for the second argument of info(), which may match everything
 */
public record VectorSelector(
    String name,
    List<LabelMatcher> matchers,
    Duration offset,
    DurationExpr offsetExpr,
    AtModifier at,
    boolean anchored,
    boolean smoothed,
    boolean bypassEmptyMatcherCheck,
    PositionRange position)
    implements Expr {

  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  static VectorSelector of(String name, List<LabelMatcher> matchers, PositionRange position) {
    return new VectorSelector(name, matchers, Duration.ZERO, null, null, false, false, false, position);
  }

  boolean hasOffset() {
    return !offset.isZero() || offsetExpr != null;
  }

  VectorSelector withOffset(Duration d, DurationExpr e, int end) {
    return new VectorSelector(name, matchers, d, e, at, anchored, smoothed, bypassEmptyMatcherCheck,
        new PositionRange(position.start(), end));
  }

  VectorSelector withAt(AtModifier a, int end) {
    return new VectorSelector(name, matchers, offset, offsetExpr, a, anchored, smoothed,
        bypassEmptyMatcherCheck, new PositionRange(position.start(), end));
  }

  VectorSelector withAnchoredSmoothed(boolean anchor, boolean smooth) {
    return new VectorSelector(name, matchers, offset, offsetExpr, at, anchor, smooth,
        bypassEmptyMatcherCheck, position);
  }

  VectorSelector withBypassEmptyMatcherCheck() {
    return new VectorSelector(name, matchers, offset, offsetExpr, at, anchored, smoothed, true, position);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public PositionRange positionRange() {
    return position;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
