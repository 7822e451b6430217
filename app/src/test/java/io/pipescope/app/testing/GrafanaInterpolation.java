package io.pipescope.app.testing;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana's Prometheus data source does to a panel's query before sending it: the interval
 * of the query ({@code $__interval}, also the range query's step), {@code $__rate_interval},
 * {@code $__range}, and template variables, with the values of multi-value variables escaped for
 * a regex matcher. Follows Grafana's rules: the interval is the panel's time range over its data
 * points, never below the panel's min interval (or the data source's scrape interval, its
 * {@code timeInterval}); {@code $__rate_interval} is max($__interval + scrape interval, 4 x scrape
 * interval); {@code $__range} is the range in whole seconds.
 */
public final class GrafanaInterpolation {
  /** Roughly a panel's width in pixels: Grafana's data points for a panel that sets none. */
  public static final int DEFAULT_MAX_DATA_POINTS = 1000;
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|{}\\[\\]]");

  private final long rangeMillis;
  private final long intervalMillis;
  private final long rateIntervalMillis;

  /**
   * @param minInterval the panel's {@code interval}, or null for the data source's scrape interval
   */
  public GrafanaInterpolation(long fromMillis, long toMillis, String minInterval, Integer maxDataPoints,
      Duration scrapeInterval) {
    this.rangeMillis = toMillis - fromMillis;
    long floor = minInterval == null ? scrapeInterval.toMillis() : GrafanaDashboard.duration(minInterval).toMillis();
    long byPoints = rangeMillis / (maxDataPoints == null ? DEFAULT_MAX_DATA_POINTS : maxDataPoints);
    // Whole seconds, as Grafana sends them to Prometheus.
    this.intervalMillis = Math.max(1000, (Math.max(floor, byPoints) + 999) / 1000 * 1000);
    this.rateIntervalMillis = Math.max(intervalMillis + scrapeInterval.toMillis(), 4 * scrapeInterval.toMillis());
  }

  /** {@code $__interval}: also the step of the range query. */
  public long intervalMillis() {
    return intervalMillis;
  }

  public long rateIntervalMillis() {
    return rateIntervalMillis;
  }

  /**
   * The query as Grafana sends it: template variables replaced by {@code values} (escaped for a
   * regex where {@code regexVariables} says so), then the {@code $__} variables.
   */
  public String apply(String expr, Map<String, String> values, Map<String, Boolean> regexVariables) {
    String out = expr.replace("$__rate_interval", seconds(rateIntervalMillis))
        .replace("${__rate_interval}", seconds(rateIntervalMillis))
        .replace("$__interval", seconds(intervalMillis))
        .replace("${__interval}", seconds(intervalMillis))
        .replace("$__range", seconds(rangeMillis))
        .replace("${__range}", seconds(rangeMillis));
    // Longest names first, so $feature_type is not taken for $feature.
    for (String name : values.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      String value = values.get(name);
      if (Boolean.TRUE.equals(regexVariables.get(name)) && !value.equals(".*")) {
        value = regexEscape(value);
      }
      out = out.replace("${" + name + "}", value).replace("$" + name, value);
    }
    return out;
  }

  /**
   * Grafana's escaping of a variable value used in a regex matcher: each regex metacharacter gets
   * a backslash, written twice because the matcher is a PromQL string.
   */
  public static String regexEscape(String value) {
    return REGEX_SPECIAL.matcher(value).replaceAll(m -> Matcher.quoteReplacement("\\\\" + m.group()));
  }

  private static String seconds(long millis) {
    return (millis / 1000) + "s";
  }
}
