package io.pipescope.query.api;

import io.pipescope.query.promql.parser.Durations;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API's parameter forms, read as {@code web/api/v1/api.go} reads them: times as Unix seconds
 * or RFC 3339, durations as Prometheus durations or float seconds, limits, series selectors. Each
 * failure is an {@link ApiException} with Prometheus's message.
 */
final class Params {
  /** Prometheus's MinTime and MaxTime, the defaults of open start and end, in milliseconds. */
  static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
  // Go's time package cannot parse years beyond four digits; Prometheus accepts its own bounds by name.
  private static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
  private static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity|nan)");
  private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .appendOffset("+HH:MM", "Z")
      .toFormatter()
      .withResolverStyle(ResolverStyle.STRICT);

  private Params() {}

  /** A time parameter that defaults when absent ({@code parseTimeParam}). */
  static long time(ApiRequest request, String name, long defaultMillis) {
    String value = request.value(name);
    if (value.isEmpty()) {
      return defaultMillis;
    }
    try {
      return parseTime(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, "Invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  /** A required time parameter ({@code parseTime}). */
  static long requiredTime(ApiRequest request, String name) {
    try {
      return parseTime(request.value(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** Milliseconds since the epoch of Unix seconds (millisecond precision) or an RFC 3339 time. */
  static long parseTime(String s) {
    if (GO_FLOAT.matcher(s).matches()) {
      double t = Double.parseDouble(s.replaceAll("(?i)inf(inity)?", "Infinity").replaceAll("(?i)nan", "NaN"));
      if (Double.isFinite(t) && Math.abs(t) < 9.2e15) {
        double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
        double fraction = t - whole;
        // Go's math.Round: halves away from zero.
        long fractionMillis = (long) Math.copySign(Math.floor(Math.abs(fraction) * 1000 + 0.5), fraction);
        return (long) whole * 1000 + fractionMillis;
      }
    } else {
      try {
        return OffsetDateTime.parse(s, RFC3339).toInstant().toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // Not RFC 3339 either; fall through to the bounds and the error.
      }
    }
    if (s.equals(MIN_TIME_FORMATTED)) {
      return MIN_TIME;
    }
    if (s.equals(MAX_TIME_FORMATTED)) {
      return MAX_TIME;
    }
    throw new IllegalArgumentException("cannot parse " + Json.quote(s) + " to a valid timestamp");
  }

  /** A duration parameter in nanoseconds: float seconds or {@code 1m30s} ({@code parseDuration}). */
  static long duration(ApiRequest request, String name) {
    try {
      return parseDurationNanos(request.value(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  static long parseDurationNanos(String s) {
    if (GO_FLOAT.matcher(s).matches() && !s.toLowerCase().contains("n")) {
      double nanos = Double.parseDouble(s) * 1e9;
      if (nanos >= 0x1p63 || nanos < -0x1p63) {
        throw new IllegalArgumentException("cannot parse " + Json.quote(s) + " to a valid duration. It overflows int64");
      }
      return (long) nanos;
    }
    try {
      return Durations.parseNanos(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot parse " + Json.quote(s) + " to a valid duration");
    }
  }

  /** The {@code limit} parameter: 0 (no limit) when absent ({@code parseLimitParam}). */
  static int limit(ApiRequest request) {
    String s = request.value("limit");
    if (s.isEmpty()) {
      return 0;
    }
    int limit;
    try {
      limit = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      String why = s.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
      throw ApiException.invalidParam("limit", "strconv.Atoi: parsing " + Json.quote(s) + ": " + why);
    }
    if (limit < 0) {
      throw ApiException.invalidParam("limit", "limit must be non-negative");
    }
    return limit;
  }

  /**
   * The matcher sets of the {@code match[]} selectors ({@code parseMatchersParam}): each must be a
   * series selector with at least one matcher that does not match the empty string.
   *
   * @throws ApiException bad_data with the parser's message, or Prometheus's for an empty selector
   */
  static List<LabelMatcher[]> matcherSets(List<String> selectors) {
    List<LabelMatcher[]> sets = new ArrayList<>();
    for (String selector : selectors) {
      Expr expr;
      try {
        expr = Parser.parseExpr(selector);
      } catch (ParseException e) {
        // The parser's type check refuses {} before we can; Prometheus's selector parser leaves it to us.
        if (e.reason().equals("vector selector must contain at least one non-empty matcher")) {
          throw emptyMatchers();
        }
        throw ApiException.badData(e.getMessage());
      }
      if (!(expr instanceof VectorSelector vs) || vs.offset().toMillis() != 0 || vs.offsetExpr() != null
          || vs.at() != null) {
        throw ApiException.badData("1:1: parse error: expected a series selector, got " + Json.quote(selector));
      }
      if (vs.matchers().stream().allMatch(LabelMatcher::matchesEmpty)) {
        throw emptyMatchers();
      }
      sets.add(vs.matchers().toArray(LabelMatcher[]::new));
    }
    return sets;
  }

  private static ApiException emptyMatchers() {
    return ApiException.badData("match[] must contain at least one non-empty matcher");
  }
}
