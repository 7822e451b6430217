package io.pipescope.aggregator.internal.otlpmetrics;

import java.math.BigDecimal;

/**
 * The two float spellings Prometheus's OTLP translation uses, both from Go's {@code strconv}: plain
 * decimal for {@code le} and {@code quantile} ({@code FormatFloat(v, 'f', -1, 64)}: {@code 0.00001},
 * never {@code 1e-05}), and the JSON/ES6 spelling for double attributes (pdata's
 * {@code Value.AsString}). Digits come from {@link Double#toString}, as in
 * {@link io.pipescope.aggregator.metrics.FloatFormat}: the shortest that reads back on JDK 19+.
 */
final class GoFloatFormat {
  private GoFloatFormat() {}

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
  static String plain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return decimal(v).toPlainString();
  }

  /**
   * A double as encoding/json writes it (ES6 number to string): plain between 1e-6 and 1e21,
   * otherwise {@code 1e+21} / {@code 1.5e-7}. Null for NaN and infinities, which JSON cannot hold.
   */
  static String json(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    double abs = Math.abs(v);
    if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
      return plain(v);
    }
    BigDecimal d = decimal(v);
    String digits = d.unscaledValue().abs().toString();
    int exponent = d.precision() - d.scale() - 1;
    StringBuilder sb = new StringBuilder(digits.length() + 8);
    if (v < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    return sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
  }

  private static BigDecimal decimal(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros();
  }
}
