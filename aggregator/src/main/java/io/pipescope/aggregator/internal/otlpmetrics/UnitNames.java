package io.pipescope.aggregator.internal.otlpmetrics;

import java.util.Map;

/**
 * The words Prometheus puts in a metric name for an OTel (UCUM) unit: {@code ms} → {@code milliseconds},
 * {@code By/s} → {@code bytes} and {@code per_second}. Units not in the tables are used as written;
 * annotations ({@code {requests}}) name no unit and are dropped. Tables as in prometheus/otlptranslator.
 */
final class UnitNames {
  private static final Map<String, String> MAIN = Map.ofEntries(
      // Time
      Map.entry("d", "days"),
      Map.entry("h", "hours"),
      Map.entry("min", "minutes"),
      Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"),
      Map.entry("us", "microseconds"),
      Map.entry("ns", "nanoseconds"),
      // Bytes (otlptranslator's spellings, "tibibytes" included, so names match Prometheus 3)
      Map.entry("By", "bytes"),
      Map.entry("KiBy", "kibibytes"),
      Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"),
      Map.entry("TiBy", "tibibytes"),
      Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"),
      Map.entry("GBy", "gigabytes"),
      Map.entry("TBy", "terabytes"),
      // SI
      Map.entry("m", "meters"),
      Map.entry("V", "volts"),
      Map.entry("A", "amperes"),
      Map.entry("J", "joules"),
      Map.entry("W", "watts"),
      Map.entry("g", "grams"),
      // Misc; "1" is dimensionless: no word (gauges get "ratio" from the namer instead)
      Map.entry("Cel", "celsius"),
      Map.entry("Hz", "hertz"),
      Map.entry("1", ""),
      Map.entry("%", "percent"));

  /** The denominator of a rate is singular: {@code 1/s} → {@code per_second}. */
  private static final Map<String, String> PER = Map.of(
      "s", "second",
      "m", "minute",
      "h", "hour",
      "d", "day",
      "w", "week",
      "mo", "month",
      "y", "year");

  private UnitNames() {}

  /**
   * The main and the per suffix of a unit, before cleaning: {@code {"bytes", "per_second"}} for
   * {@code By/s}; an absent part is {@code ""}.
   */
  static String[] suffixes(String unit) {
    int slash = unit.indexOf('/');
    String main = GoStrings.trimSpace(slash < 0 ? unit : unit.substring(0, slash));
    String mainSuffix = main.isEmpty() || isAnnotation(main) ? "" : MAIN.getOrDefault(main, main);
    String perSuffix = "";
    if (slash >= 0) {
      String per = GoStrings.trimSpace(unit.substring(slash + 1));
      if (!per.isEmpty() && !isAnnotation(per)) {
        perSuffix = "per_" + PER.getOrDefault(per, per);
      }
    }
    return new String[] {mainSuffix, perSuffix};
  }

  /** UCUM curly-brace annotations ({@code {requests}}, {@code {packet}}) carry no unit. */
  private static boolean isAnnotation(String unit) {
    return unit.indexOf('{') >= 0 || unit.indexOf('}') >= 0;
  }
}
