package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.api.ApiResponse;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesApiJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T = Instant.parse("2026-11-20T15:45:00Z").toEpochMilli();

  private static RulesSnapshot snapshot() throws Exception {
    List<RuleGroupSpec> specs = RuleFiles.parse("/etc/rules/factory.yml", """
        groups:
          - name: factory
            interval: 1m
            rules:
              - record: checker:runs:sum
                expr: sum  by (checker_name)(checker_runs_total)
              - alert: ReworkHigh
                expr: ratio > 0.25
                for: 3h
                keep_firing_for: 10m
                labels: {severity: warning}
                annotations: {summary: "{{ $labels.checker_name }} at {{ $value | humanizePercentage }} <high>"}
        """);
    RuleGroup g = new RuleGroup(specs.get(0), 60_000, Map.of(), "");
    RuleQuery query = (expr, t) -> {
      Vector v = new Vector();
      v.add(new Sample(Labels.of("checker_name", "arch"), t, 0.3));
      return v;
    };
    g.eval(T, query, new Head(HeadLog.NONE));
    return RulesSnapshot.of(List.of(g));
  }

  private static JsonNode withoutEvaluationTimes(String json) throws Exception {
    JsonNode root = JSON.readTree(json);
    root.findParents("evaluationTime").forEach(n -> ((ObjectNode) n).remove("evaluationTime"));
    return root;
  }

  /** The body of /api/v1/rules: the data in the API's envelope. */
  private static String rules(RulesSnapshot snapshot, RulesApiJson.Filter filter) {
    return ApiResponse.success(RulesApiJson.rulesData(snapshot, filter)).body();
  }

  @Test
  void rulesBodyHasPrometheusFields() throws Exception {
    String json = rules(snapshot(), RulesApiJson.Filter.ALL);
    assertEquals(JSON.readTree("""
        {"status":"success","data":{"groups":[{"name":"factory","file":"/etc/rules/factory.yml","rules":[
          {"name":"checker:runs:sum","query":"sum by (checker_name) (checker_runs_total)","health":"ok",
           "lastEvaluation":"2026-11-20T15:45:00Z","type":"recording"},
          {"state":"pending","name":"ReworkHigh","query":"ratio > 0.25","duration":10800,"keepFiringFor":600,
           "labels":{"severity":"warning"},
           "annotations":{"summary":"{{ $labels.checker_name }} at {{ $value | humanizePercentage }} <high>"},
           "alerts":[{"labels":{"alertname":"ReworkHigh","checker_name":"arch","severity":"warning"},
                      "annotations":{"summary":"arch at 30% <high>"},"state":"pending",
                      "activeAt":"2026-11-20T15:45:00Z","value":"3e-01"}],
           "health":"ok","lastEvaluation":"2026-11-20T15:45:00Z","type":"alerting"}],
          "interval":60,"limit":0,"lastEvaluation":"2026-11-20T15:45:00Z"}]}}
        """), withoutEvaluationTimes(json));
    assertTrue(json.contains("\\u003chigh\\u003e"), "HTML characters escaped as Go does");
  }

  @Test
  void filtersByTypeNameGroupAndFile() throws Exception {
    RulesSnapshot s = snapshot();
    JsonNode alertsOnly = JSON.readTree(rules(s, new RulesApiJson.Filter("alert", Set.of(), Set.of(),
        Set.of(), true)));
    JsonNode rules = alertsOnly.at("/data/groups/0/rules");
    assertEquals(1, rules.size());
    assertEquals("ReworkHigh", rules.get(0).get("name").asText());
    assertTrue(rules.get(0).get("alerts") == null);
    JsonNode byName = JSON.readTree(rules(s, new RulesApiJson.Filter(null, Set.of("checker:runs:sum"),
        Set.of(), Set.of(), false)));
    assertEquals("recording", byName.at("/data/groups/0/rules/0/type").asText());
    assertEquals(0, JSON.readTree(rules(s, new RulesApiJson.Filter(null, Set.of(), Set.of("other"),
        Set.of(), false))).at("/data/groups").size());
    assertEquals(1, JSON.readTree(rules(s, new RulesApiJson.Filter(null, Set.of(), Set.of(),
        Set.of("/etc/rules/factory.yml"), false))).at("/data/groups").size());
  }

  @Test
  void alertsBodyListsActiveAlerts() throws Exception {
    JsonNode alerts = JSON.readTree(ApiResponse.success(RulesApiJson.alertsData(snapshot())).body());
    assertEquals("success", alerts.get("status").asText());
    assertEquals("pending", alerts.at("/data/alerts/0/state").asText());
    assertEquals("3e-01", alerts.at("/data/alerts/0/value").asText());
  }

  @Test
  void valuesAndTimesAreFormattedAsGo() {
    assertEquals("1e+00", GoFormat.eShortest(1));
    assertEquals("1.2345e+03", GoFormat.eShortest(1234.5));
    assertEquals("0e+00", GoFormat.eShortest(0));
    assertEquals("NaN", GoFormat.eShortest(Double.NaN));
    assertEquals("2026-11-20T15:45:00.1Z", RulesApiJson.time(T + 100));
    assertEquals("0001-01-01T00:00:00Z", RulesApiJson.time(Alert.NEVER));
  }
}
