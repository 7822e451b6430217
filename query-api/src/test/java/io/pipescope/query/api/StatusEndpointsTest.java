package io.pipescope.query.api;

import static io.pipescope.query.api.ApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusEndpointsTest {
  private static final MetricSource FAMILIES = c -> {
    c.family("pipescope_builds", MetricType.COUNTER, "Builds finished.");
    c.sample(Labels.of("job", "ci"), 3);
    c.family("pipescope_queue_depth", MetricType.GAUGE, "Jobs waiting.");
  };

  private ApiServer api;

  @BeforeEach
  void start() {
    api = new ApiServer(QueryLimits.defaults(), null, List.of(FAMILIES));
    api.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), 100, 1);
    api.add(Labels.of("__name__", "up", "job", "db", "instance", "b"), 100, 1);
    api.add(Labels.of("__name__", "builds_total", "job", "ci"), 100, 3);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void buildInfoHasPrometheusFields() {
    JsonNode data = api.get("/api/v1/status/buildinfo").success();
    assertEquals(BuildInfo.PROMETHEUS_API_VERSION, data.get("version").asText());
    for (String field : List.of("revision", "branch", "buildUser", "buildDate", "goVersion")) {
      assertTrue(data.get(field).isTextual(), field);
    }
    assertEquals(6, data.size());
  }

  @Test
  void runtimeInfoHasPrometheusFields() {
    JsonNode data = api.get("/api/v1/status/runtimeinfo").success();
    Instant.parse(data.get("startTime").asText());
    Instant.parse(data.get("serverTime").asText());
    assertTrue(data.get("reloadConfigSuccess").asBoolean());
    assertTrue(data.get("goroutineCount").asInt() > 0);
    assertTrue(data.get("GOMAXPROCS").asInt() > 0);
    assertEquals(0, data.get("corruptionCount").asInt());
  }

  @Test
  void flagsAndConfigShowTheQueryLimits() {
    assertEquals(json("{'query.lookback-delta':'5m','query.max-concurrency':'20','query.max-samples':'50000000',"
        + "'query.timeout':'2m'}"), api.get("/api/v1/status/flags").success());
    assertEquals("global:\n  query_timeout: 2m\n  query_max_concurrency: 20\n  query_max_samples: 50000000\n"
        + "  query_lookback_delta: 5m\n", api.get("/api/v1/status/config").success().get("yaml").asText());
  }

  @Test
  void tsdbStatusCountsSeries() {
    assertEquals(json("""
        {'headStats':{'numSeries':3,'numLabelPairs':7,'chunkCount':0,'minTime':0,'maxTime':0},
         'seriesCountByMetricName':[{'name':'up','value':2}],
         'labelValueCountByLabelName':[{'name':'job','value':3}],
         'memoryInBytesByLabelName':[{'name':'__name__','value':14}],
         'seriesCountByLabelValuePair':[{'name':'__name__=up','value':2}]}"""),
        api.get("/api/v1/status/tsdb", "limit", "1").success());
    assertEquals(3, api.get("/api/v1/status/tsdb").success().get("labelValueCountByLabelName").size());
    assertEquals("limit must be a positive number", api.get("/api/v1/status/tsdb", "limit", "0").error(400, "bad_data"));
  }

  @Test
  void metadataOfPipescopeFamilies() {
    assertEquals(json("""
        {'pipescope_builds_total':[{'type':'counter','help':'Builds finished.','unit':''}],
         'pipescope_queue_depth':[{'type':'gauge','help':'Jobs waiting.','unit':''}]}"""),
        api.get("/api/v1/metadata").success());
    assertEquals(json("{'pipescope_queue_depth':[{'type':'gauge','help':'Jobs waiting.','unit':''}]}"),
        api.get("/api/v1/metadata", "metric", "pipescope_queue_depth").success());
    assertEquals(1, api.get("/api/v1/metadata", "limit", "1").success().size());
    assertEquals("limit must be a number", api.get("/api/v1/metadata", "limit", "x").error(400, "bad_data"));
  }

  @Test
  void rulesAlertsAndExemplarsAreEmpty() {
    assertEquals(json("{'status':'success','data':{'groups':[]}}"), api.get("/api/v1/rules").json());
    assertEquals(json("{'status':'success','data':{'alerts':[]}}"), api.get("/api/v1/alerts").json());
    assertEquals(json("[]"), api.get("/api/v1/query_exemplars", "query", "up", "start", "0", "end", "10").success());
    assertEquals("1:4: parse error: unexpected end of input inside braces",
        api.get("/api/v1/query_exemplars", "query", "up{").error(400, "bad_data"));
  }

  @Test
  void formatQueryPrintsTheParsedQuery() {
    assertEquals(json("{'status':'success','data':'sum by (job) (rate(builds_total{job=\\\"ci\\\"}[5m]))'}"),
        api.get("/api/v1/format_query", "query", "sum(rate(builds_total{job='ci'}[5m]))by(job)").json());
    assertEquals("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis",
        api.post("/api/v1/format_query", "query", "sum(").error(400, "bad_data"));
  }

  @Test
  void parseQueryShowsTheTree() {
    assertEquals(json("""
        {'type':'binaryExpr','op':'/','bool':false,
         'lhs':{'type':'aggregation','op':'sum','grouping':['job'],'without':false,'param':null,
                'expr':{'type':'call','func':{'name':'rate','argTypes':['matrix'],'variadic':0,'returnType':'vector'},
                        'args':[{'type':'matrixSelector','name':'builds_total','range':300000,'offset':60000,
                                 'matchers':[{'name':'job','value':'ci','type':'='},
                                             {'name':'__name__','value':'builds_total','type':'='}],
                                 'timestamp':null,'startOrEnd':null}]}},
         'rhs':{'type':'numberLiteral','val':'2'},
         'matching':null}"""),
        api.get("/api/v1/parse_query", "query", "sum by (job) (rate(builds_total{job='ci'}[5m] offset 1m)) / 2")
            .success());
  }
}
