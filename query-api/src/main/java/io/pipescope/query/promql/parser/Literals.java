package io.pipescope.query.promql.parser;

import java.time.Duration;

/** Literal tokens to values, failing with Prometheus's messages at the token's position. */
final class Literals {
  private Literals() {}

  /** A NUMBER or DURATION token as a number literal; a duration counts its seconds. */
  static NumberLiteral number(Tokens tokens, Item item) {
    if (item.type() == ItemType.DURATION) {
      long nanos;
      try {
        nanos = Durations.parseNanos(item.val());
      } catch (IllegalArgumentException e) {
        throw tokens.fail(item.range(), e.getMessage());
      }
      return new NumberLiteral(seconds(nanos), true, item.range());
    }
    try {
      return new NumberLiteral(NumberLiterals.parse(item.val()), false, item.range());
    } catch (IllegalArgumentException e) {
      throw tokens.fail(item.range(), "error parsing number: " + e.getMessage());
    }
  }

  /** The value of a STRING token. */
  static String string(Tokens tokens, Item item) {
    try {
      return GoStrings.unquote(item.val());
    } catch (IllegalArgumentException e) {
      throw tokens.fail(item.range(), "error unquoting string " + GoStrings.quote(item.val()) + ": " + e.getMessage());
    }
  }

  /** Go's {@code Duration.Seconds()}: whole seconds plus the nanosecond remainder. */
  static double seconds(long nanos) {
    return (double) (nanos / 1_000_000_000L) + (double) (nanos % 1_000_000_000L) / 1e9;
  }

  /** Seconds to a duration, rounded to the nanosecond as {@code time.Duration(math.Round(s * 1e9))}. */
  static Duration duration(double seconds) {
    return Duration.ofNanos(round(seconds * 1e9));
  }

  /** Go's {@code math.Round}: half away from zero. */
  static long round(double x) {
    double a = Math.abs(x);
    double r = Math.floor(a);
    if (a - r >= 0.5) {
      r += 1;
    }
    return (long) Math.copySign(r, x);
  }

  /** Whether seconds overflow a {@code time.Duration} of int64 nanoseconds. */
  static boolean durationOutOfRange(double seconds) {
    double limit = 9.223372036854775808E18 / 1e9;
    return seconds > limit || seconds < -limit;
  }
}
