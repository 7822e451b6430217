package io.pipescope.aggregator.metrics;

import java.math.BigDecimal;

/**
 * Formats floats the way Prometheus writes them: the shortest decimal that reads back to the same
 * double, {@code +Inf}/{@code -Inf}/{@code NaN}, whole numbers without a fraction, and exponent
 * notation only for very large or small magnitudes (as Go's {@code %v}).
 */
public final class FloatFormat {
  private FloatFormat() {}

  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = d.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder();
      if (d.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
    return d.toPlainString();
  }
}
