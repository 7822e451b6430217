package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.config.ConfigException;
import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.RunningPipescope;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files named in the configuration are evaluated against the store and shown by the rules and alerts APIs. */
class RuleEvaluationTest {
  private static final String RULES = """
      groups:
        - name: factory
          interval: 1s
          rules:
            - record: factory:checker_runs:sum
              expr: sum(checker_runs_total)
            - alert: CheckerRework
              expr: sum by (checker_name) (checker_rework_total) > 0
              labels:
                severity: ticket
              annotations:
                summary: "{{ $labels.checker_name }} sent work back"
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void recordingRulesWriteSeriesAndAlertingRulesFireOnTheWatchedFactory() throws Exception {
    Path rules = Files.writeString(dir.resolve("factory.yml"), RULES);
    try (RunningPipescope server = RunningPipescope.start("storage.flush_interval=1s", "rules.files=[" + rules + "]");
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      FactoryWalkthroughTest.walkThrough(factory);

      JsonNode recorded = await(server, "/api/v1/query?query=" + encode("factory:checker_runs:sum"),
          d -> d.get("result").size() == 1 && d.get("result").get(0).get("value").get(1).asText().equals("8"));
      assertEquals("factory:checker_runs:sum", recorded.get("result").get(0).get("metric").get("__name__").asText());

      JsonNode alerts = await(server, "/api/v1/alerts", d -> d.get("alerts").size() == 1
          && d.get("alerts").get(0).get("state").asText().equals("firing")).get("alerts");
      JsonNode alert = alerts.get(0);
      assertEquals("CheckerRework", alert.get("labels").get("alertname").asText());
      assertEquals("test_coverage", alert.get("labels").get("checker_name").asText());
      assertEquals("ticket", alert.get("labels").get("severity").asText());
      assertEquals("test_coverage sent work back", alert.get("annotations").get("summary").asText());

      JsonNode group = get(server, "/api/v1/rules").get("data").get("groups").get(0);
      assertEquals("factory", group.get("name").asText());
      assertEquals(rules.toString(), group.get("file").asText());
      assertEquals(2, group.get("rules").size());
      for (JsonNode rule : group.get("rules")) {
        assertEquals("ok", rule.get("health").asText(), rule.toString());
      }
      JsonNode onlyRecording = get(server, "/api/v1/rules?type=record").get("data").get("groups").get(0).get("rules");
      assertEquals(1, onlyRecording.size());
      assertEquals("recording", onlyRecording.get(0).get("type").asText());
      assertEquals("bad_data", get(server, "/api/v1/rules?type=bogus").get("errorType").asText());
      String metrics = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("pipescope_rule_evaluations_total{rule_group=\"" + rules + ";factory\"}"), metrics);
      assertTrue(metrics.contains("pipescope_rules_last_reload_successful 1"), metrics);
    }
  }

  @Test
  void theShippedRuleFilesLoadThroughAGlobAndEvaluateWithoutError() throws Exception {
    // The shipped groups evaluate every 1m and 5m; copies evaluating every second show the same
    // expressions run here without waiting minutes for the first evaluation.
    List<String> names = List.of("factory-recording.yml", "factory-alerts.yml");
    for (String name : names) {
      String text = Files.readString(Path.of("..", "deploy", "rules", name));
      Path copy = Files.writeString(dir.resolve(name), text.replaceAll("interval: \\d+m", "interval: 1s"));
      assertTrue(Files.readString(copy).contains("interval: 1s"), name + " no longer sets intervals");
    }
    try (RunningPipescope server = RunningPipescope.start("rules.files=['" + dir + "/factory-*.yml']")) {
      JsonNode groups = await(server, "/api/v1/rules", d -> allEvaluated(d.get("groups"))).get("groups");
      Set<String> files = new TreeSet<>();
      int rules = 0;
      for (JsonNode group : groups) {
        files.add(Path.of(group.get("file").asText()).getFileName().toString());
        for (JsonNode rule : group.get("rules")) {
          assertEquals("ok", rule.get("health").asText(), rule.toString());
          rules++;
        }
      }
      assertEquals(new TreeSet<>(names), files);
      assertEquals(14, rules, groups.toString());
    }
  }

  private static boolean allEvaluated(JsonNode groups) {
    if (groups.isEmpty()) {
      return false;
    }
    for (JsonNode group : groups) {
      for (JsonNode rule : group.get("rules")) {
        if (!rule.get("health").asText().equals("ok") && !rule.get("health").asText().equals("err")) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void postReloadAppliesChangedRuleFilesAndKeepsTheLoadedOnesWhenTheNewAreInvalid() throws Exception {
    Path rules = Files.writeString(dir.resolve("factory.yml"), RULES);
    try (RunningPipescope server = RunningPipescope.start("api.enable_lifecycle=true", "rules.files=[" + rules + "]")) {
      assertEquals(2, ruleCount(server));
      Files.writeString(rules, RULES
          + "      - record: factory:checker_failures:sum\n        expr: sum(checker_failures_total)\n");
      HttpResponse<String> applied = post(server, "/-/reload");
      assertEquals(200, applied.statusCode(), applied.body());
      assertEquals(3, ruleCount(server));

      Files.writeString(rules, "groups:\n  - name: factory\n    rules:\n      - record: bad name\n        expr: up\n");
      HttpResponse<String> rejected = post(server, "/-/reload");
      assertEquals(500, rejected.statusCode());
      assertTrue(rejected.body().contains("factory.yml") && rejected.body().contains("bad name"), rejected.body());
      assertEquals(3, ruleCount(server), "the rules loaded before keep running");

      assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + "/-/reload")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }

  @Test
  void reloadIsForbiddenUnlessTheLifecycleApiIsEnabled() throws Exception {
    try (RunningPipescope server = RunningPipescope.start()) {
      HttpResponse<String> response = post(server, "/-/reload");
      assertEquals(403, response.statusCode());
      assertTrue(response.body().contains("api.enable_lifecycle"), response.body());
    }
  }

  private int ruleCount(RunningPipescope server) throws Exception {
    return get(server, "/api/v1/rules").get("data").get("groups").get(0).get("rules").size();
  }

  private HttpResponse<String> post(RunningPipescope server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRuleFileThatDoesNotLoadStopsStartUpNamingTheProblem() throws Exception {
    Path rules = Files.writeString(dir.resolve("broken.yml"), """
        groups:
          - name: broken
            rules:
              - record: broken:sum
                expr: sum((
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> RunningPipescope.start("rules.files=[" + rules + "]"));
    assertTrue(e.getMessage().contains("broken.yml"), e.getMessage());
  }

  @Test
  void rulesWithoutStorageAreRefusedAsAConfigurationError() throws Exception {
    Path rules = Files.writeString(dir.resolve("factory.yml"), RULES);
    ConfigException e = assertThrows(ConfigException.class,
        () -> RunningPipescope.start("storage.enabled=false", "rules.files=[" + rules + "]"));
    assertTrue(e.getMessage().contains("storage.enabled"), e.getMessage());
  }

  private interface Ready {
    boolean test(JsonNode data);
  }

  private JsonNode await(RunningPipescope server, String pathAndQuery, Ready ready) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(server, pathAndQuery);
      if (last.get("data") != null && ready.test(last.get("data"))) {
        return last.get("data");
      }
      Thread.sleep(200);
    }
    throw new AssertionError(pathAndQuery + " never became ready: " + last);
  }

  private JsonNode get(RunningPipescope server, String pathAndQuery) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
