package io.pipescope.query.promql.parser;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number literals as Go reads and writes them: {@code strconv.ParseInt(s, 0, 64)} first (so
 * {@code 0x1f} is hex and {@code 0755} octal), {@code ParseFloat} otherwise; printed as
 * {@code FormatFloat(v, 'f', -1, 64)}, the shortest decimal that reads back the same, without exponent.
 */
public final class NumberLiterals {
  private NumberLiterals() {}

  /**
   * The value of a number token.
   *
   * @throws IllegalArgumentException with Go's {@code strconv} message when out of range or malformed
   */
  public static double parse(String s) {
    Long integer = parseInteger(s);
    if (integer != null) {
      return integer;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    double sign = lower.startsWith("-") ? -1 : 1;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    String digits = withoutUnderscores(s);
    if (digits == null || !digits.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw syntax("ParseFloat", s, "invalid syntax");
    }
    double v = Double.parseDouble(digits);
    if (Double.isInfinite(v)) {
      throw syntax("ParseFloat", s, "value out of range");
    }
    return v;
  }

  /** {@code ParseInt(s, 0, 64)}, or null when {@code s} is not an integer in range. */
  private static Long parseInteger(String s) {
    String body = s;
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
        body = body.substring(2);
        if (body.startsWith("_")) {
          body = body.substring(1); // Go accepts one underscore right after the base prefix.
        }
      } else {
        radix = 8;
        body = body.substring(1);
      }
    }
    body = withoutUnderscores(body);
    if (body == null || body.isEmpty()) {
      return s.equals("0") ? 0L : null;
    }
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(body, radix);
    return v.bitLength() < 64 ? v.longValue() : null;
  }

  /** The digits without Go's separator underscores, or null if an underscore is misplaced. */
  private static String withoutUnderscores(String s) {
    if (s.indexOf('_') < 0) {
      return s;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '_'
          && (i == 0 || i == s.length() - 1
              || !Character.isLetterOrDigit(s.charAt(i - 1))
              || !Character.isLetterOrDigit(s.charAt(i + 1)))) {
        return null;
      }
    }
    return s.replace("_", "");
  }

  private static IllegalArgumentException syntax(String fn, String s, String reason) {
    return new IllegalArgumentException("strconv." + fn + ": parsing " + GoStrings.quote(s) + ": " + reason);
  }

  /** The value as Prometheus prints a number literal: {@code 1}, {@code 0.005}, {@code +Inf}, {@code NaN}. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(v);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == v) {
        return candidate.stripTrailingZeros().toPlainString();
      }
    }
    return exact.stripTrailingZeros().toPlainString();
  }
}
