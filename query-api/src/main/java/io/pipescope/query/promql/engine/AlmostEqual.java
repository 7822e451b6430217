package io.pipescope.query.promql.engine;

/** Go's {@code almost.Equal}, which Prometheus uses both in histogram_quantile and in its test scripts. */
public final class AlmostEqual {
  private AlmostEqual() {}

  /** Relative difference below {@code epsilon}; NaN equals NaN. */
  public static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
