package io.pipescope.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Grafana dashboard file (the classic JSON model Grafana provisions and exports), read for what
 * a test needs: its uid, time range, template variables, and every panel's queries, panels inside
 * rows included.
 */
public record GrafanaDashboard(Path file, JsonNode json, String uid, String title, String timeFrom, String timeTo,
    List<Variable> variables, List<Panel> panels) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern RELATIVE_TIME = Pattern.compile("now(?:-(\\d+)([smhdw]))?");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)");

  /**
   * A template variable.
   *
   * @param current the value the dashboard opens with ({@code current.value}; the first when a list)
   */
  public record Variable(String name, String type, String definition, boolean multi, boolean includeAll,
      String allValue, String current) {
    /** The selector and label of a {@code label_values(selector, label)} query; the selector may be empty. */
    public String[] labelValues() {
      Matcher m = LABEL_VALUES.matcher(definition == null ? "" : definition.trim());
      if (!m.matches()) {
        throw new AssertionError("variable " + name + " is not a label_values(...) query: " + definition);
      }
      return new String[] {m.group(1) == null ? "" : m.group(1).trim(), m.group(2)};
    }

    /** Grafana writes a multi-value or include-all variable into PromQL as a regex. */
    public boolean isRegex() {
      return multi || includeAll;
    }
  }

  /** A panel: its type, its minimum interval ({@code interval}, may be null) and its queries. */
  public record Panel(int id, String type, String title, String minInterval, Integer maxDataPoints,
      JsonNode datasource, List<Target> targets) {}

  /**
   * One query of a panel.
   *
   * @param datasourceType the target's data source type, or the panel's when the target names none
   * @param expr the PromQL of a Prometheus target
   * @param query the TraceQL of a Tempo target
   */
  public record Target(String refId, String datasourceType, String datasourceUid, String expr, boolean instant,
      boolean exemplar, String query, int limit) {}

  public static List<GrafanaDashboard> loadAll(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().map(GrafanaDashboard::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GrafanaDashboard load(Path file) {
    JsonNode json;
    try {
      json = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
    }
    List<Variable> variables = new ArrayList<>();
    for (JsonNode v : json.path("templating").path("list")) {
      JsonNode current = v.path("current").path("value");
      String definition = v.hasNonNull("definition") ? v.get("definition").asText()
          : v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
      variables.add(new Variable(v.path("name").asText(), v.path("type").asText(), definition,
          v.path("multi").asBoolean(false), v.path("includeAll").asBoolean(false),
          v.hasNonNull("allValue") ? v.get("allValue").asText() : null,
          current.isArray() ? (current.isEmpty() ? null : current.get(0).asText()) : current.asText(null)));
    }
    List<Panel> panels = new ArrayList<>();
    collectPanels(json.path("panels"), panels);
    return new GrafanaDashboard(file, json, json.path("uid").asText(null), json.path("title").asText(null),
        json.path("time").path("from").asText(null), json.path("time").path("to").asText(null),
        List.copyOf(variables), List.copyOf(panels));
  }

  private static void collectPanels(JsonNode list, List<Panel> into) {
    for (JsonNode p : list) {
      List<Target> targets = new ArrayList<>();
      for (JsonNode t : p.path("targets")) {
        JsonNode ds = t.has("datasource") ? t.get("datasource") : p.path("datasource");
        targets.add(new Target(t.path("refId").asText(), ds.path("type").asText(null), ds.path("uid").asText(null),
            t.hasNonNull("expr") ? t.get("expr").asText() : null, t.path("instant").asBoolean(false)
                && !t.path("range").asBoolean(false), t.path("exemplar").asBoolean(false),
            t.hasNonNull("query") && t.get("query").isTextual() ? t.get("query").asText() : null,
            t.path("limit").asInt(20)));
      }
      into.add(new Panel(p.path("id").asInt(), p.path("type").asText(), p.path("title").asText(),
          p.hasNonNull("interval") ? p.get("interval").asText() : null,
          p.hasNonNull("maxDataPoints") ? p.get("maxDataPoints").asInt() : null, p.path("datasource"),
          List.copyOf(targets)));
      collectPanels(p.path("panels"), into);
    }
  }

  /** Every query of every panel. */
  public List<Target> targets() {
    return panels.stream().flatMap(p -> p.targets().stream()).toList();
  }

  /** The time range's start in epoch milliseconds, for a dashboard opened at {@code nowMillis}. */
  public long fromMillis(long nowMillis) {
    return relative(timeFrom, nowMillis);
  }

  public long toMillis(long nowMillis) {
    return relative(timeTo, nowMillis);
  }

  private long relative(String time, long nowMillis) {
    Matcher m = RELATIVE_TIME.matcher(time == null ? "" : time);
    if (!m.matches()) {
      throw new AssertionError(file + ": time " + time + " is not now or now-<n><unit>");
    }
    return m.group(1) == null ? nowMillis : nowMillis - duration(m.group(1) + m.group(2)).toMillis();
  }

  /** A Grafana/Prometheus duration with one unit: {@code 15s}, {@code 1h}, {@code 30d}, {@code 1w}. */
  public static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(text.trim());
    if (!m.matches()) {
      throw new AssertionError("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }
}
