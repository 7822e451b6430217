package io.pipescope.query.promql.parser;

import java.math.BigInteger;
import java.time.Duration;

/**
 * PromQL's duration notation ({@code 1y2w3d4h5m6s7ms}), as {@code prometheus/common/model.Duration}
 * parses and prints it: units from largest to smallest, each at most once; printed in milliseconds.
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] NANOS = {
    365L * 24 * 3600 * 1_000_000_000L,
    7L * 24 * 3600 * 1_000_000_000L,
    24L * 3600 * 1_000_000_000L,
    3600L * 1_000_000_000L,
    60L * 1_000_000_000L,
    1_000_000_000L,
    1_000_000L,
  };
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(63);

  private Durations() {}

  /**
   * The duration {@code s} spells, in nanoseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message when {@code s} is not a duration
   */
  public static long parseNanos(String s) {
    if (s.equals("0")) {
      return 0; // 0 needs no unit.
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    String invalid = "not a valid duration string: " + GoStrings.quote(s);
    BigInteger total = BigInteger.ZERO;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int digits = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits || i - digits > 20) {
        throw new IllegalArgumentException(invalid);
      }
      BigInteger value = new BigInteger(s.substring(digits, i));
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException(invalid);
      }
      String unit = s.substring(unitStart, i);
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException(
            "unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(s));
      }
      if (u <= lastUnit) {
        throw new IllegalArgumentException(invalid);
      }
      lastUnit = u;
      BigInteger mult = BigInteger.valueOf(NANOS[u]);
      if (value.compareTo(MAX.divide(mult)) > 0) {
        throw new IllegalArgumentException("duration out of range");
      }
      total = total.add(value.multiply(mult));
      if (total.compareTo(MAX) >= 0) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total.longValueExact();
  }

  /** {@link #parseNanos} as a {@link Duration}. */
  public static Duration parse(String s) {
    return Duration.ofNanos(parseNanos(s));
  }

  /** The duration as Prometheus prints it: {@code 1h30m}, {@code 90d}, {@code 0s}; years and weeks only when exact. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String sign = ms < 0 ? "-" : "";
    ms = Math.abs(ms);
    StringBuilder b = new StringBuilder(sign);
    for (int u = 0; u < UNITS.length; u++) {
      long mult = NANOS[u] / 1_000_000L;
      boolean exactOnly = u < 2;
      if (exactOnly && ms % mult != 0) {
        continue;
      }
      long v = ms / mult;
      if (v > 0) {
        b.append(v).append(UNITS[u]);
        ms -= v * mult;
      }
    }
    return b.toString();
  }

  private static int unitIndex(String unit) {
    for (int u = 0; u < UNITS.length; u++) {
      if (UNITS[u].equals(unit)) {
        return u;
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
