package io.pipescope.query.promql.engine;

import java.util.Arrays;

/** Numeric helpers that must match Go's math package and Prometheus's quantile and regression code. */
final class MathFunctions {
  private MathFunctions() {}

  /** Go's math.Pow: 1 for x == 1 or y == 0 even with NaN, 1 for (-1)^±Inf. */
  static double goPow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  /** Go's math.Log2: exact for powers of two, which a quotient of logarithms is not (log2(8) = 3). */
  static double log2(double v) {
    if (v > 0 && !Double.isInfinite(v) && v >= Double.MIN_NORMAL
        && (Double.doubleToRawLongBits(v) & 0x000fffffffffffffL) == 0) {
      return Math.getExponent(v);
    }
    return Math.log(v) / Math.log(2);
  }

  /** Prometheus's quantile: linear interpolation between the closest ranks; NaN sorts first. */
  static double quantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] sorted = values.clone();
    sortNaNFirst(sorted);
    double n = sorted.length;
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return sorted[(int) lower] * (1 - weight) + sorted[(int) upper] * weight;
  }

  static void sortNaNFirst(double[] values) {
    Arrays.sort(values);
    int nans = 0;
    for (double v : values) {
      if (Double.isNaN(v)) {
        nans++;
      }
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, values.length - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }

  /** Least-squares slope and intercept at {@code interceptTime}, x in seconds (linearRegression). */
  static double[] linearRegression(java.util.List<FPoint> points, long interceptTime) {
    double n = 0;
    double[] sumX = new double[2];
    double[] sumY = new double[2];
    double[] sumXY = new double[2];
    double[] sumX2 = new double[2];
    double initY = points.get(0).v();
    boolean constY = true;
    for (int i = 0; i < points.size(); i++) {
      FPoint p = points.get(i);
      if (constY && i > 0 && p.v() != initY) {
        constY = false;
      }
      n++;
      double x = (p.t() - interceptTime) / 1e3;
      inc(sumX, x);
      inc(sumY, p.v());
      inc(sumXY, x * p.v());
      inc(sumX2, x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sx = sumX[0] + sumX[1];
    double sy = sumY[0] + sumY[1];
    double sxy = sumXY[0] + sumXY[1];
    double sx2 = sumX2[0] + sumX2[1];
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  private static void inc(double[] acc, double v) {
    double[] r = Aggregations.kahanSumInc(v, acc[0], acc[1]);
    acc[0] = r[0];
    acc[1] = r[1];
  }
}
