package io.pipescope.query.promql.parser;

/**
 * The language features Prometheus keeps behind feature flags; all off by default, as there.
 *
 * @param experimentalFunctions functions and aggregations marked experimental ({@code
 *     --enable-feature=promql-experimental-functions})
 * @param durationExpressions arithmetic in ranges, steps and offsets ({@code promql-duration-expr})
 * @param extendedRangeSelectors the {@code anchored} and {@code smoothed} modifiers
 */
public record ParserOptions(
    boolean experimentalFunctions, boolean durationExpressions, boolean extendedRangeSelectors) {

  /** Prometheus's defaults: stable PromQL only. */
  public static final ParserOptions DEFAULT = new ParserOptions(false, false, false);

  /** Everything on, as Prometheus runs its own test scripts. */
  public static final ParserOptions ALL_FEATURES = new ParserOptions(true, true, true);
}
