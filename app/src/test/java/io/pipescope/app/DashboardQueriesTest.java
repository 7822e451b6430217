package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.demo.HistoryBackfill;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.simulation.SimulatedSpan;
import io.pipescope.app.simulation.SimulationProfile;
import io.pipescope.app.simulation.TraceRequests;
import io.pipescope.app.testing.GrafanaDashboard;
import io.pipescope.app.testing.GrafanaDashboard.Panel;
import io.pipescope.app.testing.GrafanaDashboard.Target;
import io.pipescope.app.testing.GrafanaDashboard.Variable;
import io.pipescope.app.testing.GrafanaInterpolation;
import io.pipescope.app.testing.GrafanaProvisioning;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every dashboard in deploy/grafana/dashboards runs on pipescope and returns data:
 * pipescope is started on 35 days of simulated factory history (more than the 30 days the cost
 * dashboard compares with {@code offset 30d}), each dashboard's variables get their values from
 * {@code label_values} as Grafana would, each panel's query is interpolated as Grafana's
 * Prometheus data source does ({@code $__interval}, {@code $__rate_interval}, {@code $__range},
 * regex-escaped variables) and sent over the Prometheus HTTP API (instant targets to
 * {@code /api/v1/query} at the range's end, the others to {@code /api/v1/query_range} over the
 * dashboard's range), and trace tables to the Tempo search API. A query that fails, or answers with
 * no series or only NaN, fails the test, named with its dashboard and panel. Exemplars are kept in
 * memory only, so they are checked on live traffic sent after the start: every target that asks
 * for exemplars gets some, and their {@code trace_id} opens a trace, as the data source's
 * exemplar link does.
 */
class DashboardQueriesTest {
  static final Path DASHBOARDS = Path.of("..", "deploy", "grafana", "dashboards");
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long HOUR = Duration.ofHours(1).toMillis();
  /**
   * Coarser than the demo's 15 minutes to keep the test quick, yet fine enough for the dashboards'
   * narrowest windows (an hour and a bit holds two samples).
   */
  private static final Duration HISTORY_STEP = Duration.ofMinutes(30);
  private static final int HISTORY_DAYS = 35;

  @TempDir
  static Path data;

  private static Pipescope pipescope;
  private static long now;
  private static GrafanaProvisioning provisioning;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startOnSimulatedHistory() throws IOException {
    PipescopeConfig config = PipescopeConfig.load(null, List.of("ingest.grpc_port=0", "ingest.http_port=0",
        "api.port=0", "storage.path=" + data, "storage.flush_interval=1s", "shutdown_grace=5s"));
    now = System.currentTimeMillis();
    HistoryBackfill.Result history = new HistoryBackfill(config, HISTORY_STEP)
        .run(new FactorySimulator(SimulationProfile.DEFAULT, 11), now - HISTORY_DAYS * DAY, now, line -> { });
    assertTrue(history.features() > 1000, "35 days at 6 features an hour on a working week: " + history.features());
    pipescope = Pipescope.start(config);
    provisioning = GrafanaProvisioning.load();
  }

  @AfterAll
  static void stop() {
    if (pipescope != null) {
      pipescope.close();
    }
  }

  @Test
  void everyQueryReturnsDataWithTheFirstValueOfEachVariable() throws Exception {
    assertEveryQueryReturnsData(false);
  }

  @Test
  void everyQueryReturnsDataWithAllSelected() throws Exception {
    assertEveryQueryReturnsData(true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyTargetThatAsksForExemplarsGetsThemAndTheyOpenTraces() throws Exception {
    long liveFrom = System.currentTimeMillis();
    List<SimulatedSpan> spans = new ArrayList<>();
    Iterator<SimulatedFeature> features = new FactorySimulator(new SimulationProfile(600, 0.85, false), 12)
        .featuresBetween((liveFrom - 2 * HOUR) * 1_000_000L, liveFrom * 1_000_000L);
    features.forEachRemaining(f -> spans.addAll(f.spans()));
    spans.sort(Comparator.comparingLong(SimulatedSpan::endNanos));
    ManagedChannel channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + pipescope.grpcAddress().getPort())
        .usePlaintext().build();
    try {
      TraceServiceGrpc.TraceServiceBlockingStub traces = TraceServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < spans.size(); i += 2000) {
        traces.withDeadlineAfter(30, TimeUnit.SECONDS).export(TraceRequests.of(spans.subList(i,
            Math.min(spans.size(), i + 2000))));
      }
    } finally {
      channel.shutdownNow();
    }
    Map<String, Object> destination = ((List<Map<String, Object>>) ((Map<String, Object>) provisioning
        .datasource("prometheus").get("jsonData")).get("exemplarTraceIdDestinations")).get(0);
    String traceLabel = (String) destination.get("name");
    long start = (liveFrom - 3 * HOUR) / 1000;
    long end = (System.currentTimeMillis() + 3 * HOUR) / 1000;
    List<String> failures = new ArrayList<>();
    int asked = 0;
    for (GrafanaDashboard d : GrafanaDashboard.loadAll(DASHBOARDS)) {
      Map<String, String> all = new LinkedHashMap<>();
      d.variables().stream().filter(v -> v.type().equals("query")).forEach(v -> all.put(v.name(), v.allValue()));
      for (Panel p : d.panels()) {
        for (Target t : p.targets()) {
          if (!t.exemplar()) {
            continue;
          }
          asked++;
          String expr = new GrafanaInterpolation(d.fromMillis(now), d.toMillis(now), p.minInterval(),
              p.maxDataPoints(), provisioning.scrapeInterval()).apply(t.expr(), all, Map.of());
          String problem = exemplarProblem(expr, traceLabel, start, end);
          if (problem != null) {
            failures.add(d.uid() + " / " + p.title() + " / " + t.refId() + ": " + problem);
          }
        }
      }
    }
    assertTrue(asked >= 6, "targets asking for exemplars: " + asked);
    assertTrue(failures.isEmpty(), failures.size() + " of " + asked + " exemplar queries failed:\n"
        + String.join("\n", failures));
  }

  /**
   * Null when the expression has exemplars and the first one's trace is there; else what is wrong.
   * Exemplars reach the store with the next flush: a second at most here, yet allow for a slow machine.
   */
  private String exemplarProblem(String expr, String traceLabel, long start, long end) throws Exception {
    String uri = "/api/v1/query_exemplars?query=" + encode(expr) + "&start=" + start + "&end=" + end;
    JsonNode body = null;
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < deadline; ) {
      body = getJson(uri);
      if (!"success".equals(body.path("status").asText()) || !body.path("data").isEmpty()) {
        break;
      }
      Thread.sleep(200);
    }
    if (!"success".equals(body.path("status").asText())) {
      return expr + " -> " + body;
    }
    if (body.path("data").isEmpty()) {
      return expr + " -> no exemplars";
    }
    JsonNode exemplar = body.path("data").get(0).path("exemplars").path(0);
    String traceId = exemplar.path("labels").path(traceLabel).asText("");
    if (traceId.isEmpty()) {
      return expr + " -> an exemplar without " + traceLabel + ": " + exemplar;
    }
    HttpResponse<String> trace = get("/api/traces/" + traceId);
    return trace.statusCode() == 200 ? null : "trace " + traceId + " -> HTTP " + trace.statusCode();
  }

  private void assertEveryQueryReturnsData(boolean all) throws Exception {
    List<GrafanaDashboard> dashboards = GrafanaDashboard.loadAll(DASHBOARDS);
    assertEquals(4, dashboards.size(), "dashboards in " + DASHBOARDS.toAbsolutePath());
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (GrafanaDashboard d : dashboards) {
      long from = d.fromMillis(now);
      long to = d.toMillis(now);
      Map<String, String> values = new LinkedHashMap<>();
      Map<String, Boolean> regex = new LinkedHashMap<>();
      for (Variable v : d.variables()) {
        if (!v.type().equals("query")) {
          continue;
        }
        String value = all && v.includeAll() ? v.allValue() : firstLabelValue(d, v, values, regex, from, to);
        values.put(v.name(), value);
        regex.put(v.name(), v.isRegex());
      }
      int queries = 0;
      for (Panel p : d.panels()) {
        for (Target t : p.targets()) {
          String where = d.uid() + " / " + p.title() + " / " + t.refId();
          String problem = "tempo".equals(t.datasourceType()) ? runTraceSearch(t, from, to)
              : runPromql(d, p, t, values, regex, from, to);
          if (problem != null) {
            failures.add(where + ": " + problem);
          }
          queries++;
        }
      }
      assertTrue(queries >= 6, d.uid() + " has only " + queries + " queries");
      ran += queries;
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + ran + " queries failed:\n" + String.join("\n", failures));
  }

  /** A variable's first value, as Grafana lists it: label values of the selector over the dashboard's range. */
  private String firstLabelValue(GrafanaDashboard d, Variable v, Map<String, String> values,
      Map<String, Boolean> regex, long from, long to) throws Exception {
    String[] selectorAndLabel = v.labelValues();
    String selector = new GrafanaInterpolation(from, to, null, null, provisioning.scrapeInterval())
        .apply(selectorAndLabel[0], values, regex);
    String uri = "/api/v1/label/" + selectorAndLabel[1] + "/values?start=" + from / 1000 + "&end=" + to / 1000
        + (selector.isEmpty() ? "" : "&match[]=" + encode(selector));
    JsonNode body = getJson(uri);
    assertEquals("success", body.path("status").asText(), uri + ": " + body);
    JsonNode list = body.path("data");
    assertFalse(list.isEmpty(), d.uid() + ": variable " + v.name() + " has no values: " + uri);
    return list.get(0).asText();
  }

  /** Null when the query answered with data; else what went wrong. */
  private String runPromql(GrafanaDashboard d, Panel p, Target t, Map<String, String> values,
      Map<String, Boolean> regex, long from, long to) throws Exception {
    if (t.expr() == null || t.expr().isBlank()) {
      return "a " + t.datasourceType() + " target without expr";
    }
    if (!"prometheus".equals(t.datasourceType())) {
      return "data source type " + t.datasourceType() + " is neither prometheus nor tempo";
    }
    GrafanaInterpolation g = new GrafanaInterpolation(from, to, p.minInterval(), p.maxDataPoints(),
        provisioning.scrapeInterval());
    String expr = g.apply(t.expr(), values, regex);
    if (expr.contains("$")) {
      return "a variable Grafana would not replace is left: " + expr;
    }
    String uri = t.instant()
        ? "/api/v1/query?query=" + encode(expr) + "&time=" + to / 1000
        : "/api/v1/query_range?query=" + encode(expr) + "&start=" + from / 1000 + "&end=" + to / 1000
            + "&step=" + g.intervalMillis() / 1000;
    JsonNode body = getJson(uri);
    if (!"success".equals(body.path("status").asText())) {
      return expr + " -> " + body;
    }
    JsonNode result = body.path("data").path("result");
    if (result.isEmpty()) {
      return expr + " -> no series";
    }
    for (JsonNode series : result) {
      for (JsonNode point : t.instant() ? List.of(series.path("value")) : series.path("values")) {
        double v = Double.parseDouble(point.get(1).asText());
        if (!Double.isNaN(v)) {
          return null;
        }
      }
    }
    return expr + " -> only NaN: " + result;
  }

  /** A Tempo target, as Grafana's Tempo data source searches: TraceQL in q, the dashboard's range. */
  private String runTraceSearch(Target t, long from, long to) throws Exception {
    if (t.query() == null || t.query().isBlank()) {
      return "a tempo target without a TraceQL query";
    }
    String uri = "/api/search?q=" + encode(t.query()) + "&limit=" + t.limit() + "&start=" + from / 1000 + "&end="
        + to / 1000;
    HttpResponse<String> r = get(uri);
    if (r.statusCode() != 200) {
      return t.query() + " -> HTTP " + r.statusCode() + ": " + r.body();
    }
    JsonNode traces = json.readTree(r.body()).path("traces");
    return traces.isEmpty() ? t.query() + " -> no traces" : null;
  }

  private JsonNode getJson(String pathAndQuery) throws Exception {
    return json.readTree(get(pathAndQuery).body());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipescope.apiAddress().getPort()
        + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
