package io.pipescope.aggregator.internal.otlpmetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Prometheus metric family name of an OTLP metric under Prometheus 3's default
 * translation strategy, {@code UnderscoreEscapingWithSuffixes} (otlptranslator's
 * {@code normalizeName}): the name is split into tokens at every character outside
 * {@code [a-zA-Z0-9:]}, the unit's words are appended unless a token already is that word,
 * {@code total} ends monotonic counters and {@code ratio} ends gauges of unit {@code 1}, each
 * moved to the end if already present, and the tokens are joined by {@code _}.
 *
 * <p>See the OTel spec, compatibility/prometheus_and_openmetrics.md, "OTLP Metric points to
 * Prometheus".
 */
final class MetricNamer {
  private MetricNamer() {}

  /** The family name, or null when nothing valid is left of the name (Prometheus drops the metric). */
  static String build(String name, String unit, MetricKind kind) {
    List<String> tokens = tokens(name);
    String[] suffixes = UnitNames.suffixes(unit);
    addUnitTokens(tokens, cleanUpUnit(suffixes[0]), cleanUpUnit(suffixes[1]));
    if (kind == MetricKind.MONOTONIC_COUNTER) {
      moveToEnd(tokens, "total");
    }
    // Only gauges: some receivers wrongly give counters of things unit "1" (otlptranslator's note).
    if (unit.equals("1") && kind == MetricKind.GAUGE) {
      moveToEnd(tokens, "ratio");
    }
    String normalized = String.join("_", tokens);
    if (!normalized.isEmpty() && isAsciiDigit(normalized.charAt(0))) {
      normalized = "_" + normalized;
    }
    if (normalized.isEmpty() || (!normalized.equals(name) && normalized.chars().allMatch(c -> c == '_'))) {
      return null;
    }
    return normalized;
  }

  /** Runs of valid characters; the separators (including {@code _}) are dropped, so runs collapse. */
  private static List<String> tokens(String name) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (isValidNameChar(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        tokens.add(name.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      tokens.add(name.substring(start));
    }
    return tokens;
  }

  private static void addUnitTokens(List<String> tokens, String main, String per) {
    if (tokens.contains(main)) {
      main = "";
    }
    if (per.equals("per_")) {
      per = "";
    } else {
      per = trimTrailingUnderscore(per);
      if (tokens.contains(per)) {
        per = "";
      }
    }
    if (!per.isEmpty()) {
      main = trimTrailingUnderscore(main);
    }
    if (!main.isEmpty()) {
      tokens.add(main);
    }
    if (!per.isEmpty()) {
      tokens.add(per);
    }
  }

  /** Invalid characters become {@code _}, runs of {@code _} one, and a leading {@code _} goes. */
  private static String cleanUpUnit(String unit) {
    StringBuilder sb = new StringBuilder(unit.length());
    for (int i = 0; i < unit.length(); ) {
      int cp = unit.codePointAt(i);
      char c = isValidNameChar(cp) ? (char) cp : '_';
      if (c != '_' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '_') {
        sb.append(c);
      }
      i += Character.charCount(cp);
    }
    return sb.length() > 0 && sb.charAt(0) == '_' ? sb.substring(1) : sb.toString();
  }

  private static void moveToEnd(List<String> tokens, String word) {
    tokens.removeIf(word::equals);
    tokens.add(word);
  }

  private static String trimTrailingUnderscore(String s) {
    return s.endsWith("_") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean isValidNameChar(int cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || isAsciiDigit(cp) || cp == ':';
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
