package io.pipescope.query.api;

import static io.pipescope.query.api.ApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipescope.aggregator.metrics.Labels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryEndpointsTest {
  private static final Labels UP_API = Labels.of("__name__", "up", "job", "api", "instance", "a");
  private static final Labels UP_DB = Labels.of("__name__", "up", "job", "db", "instance", "b");

  private ApiServer api;

  @BeforeEach
  void start() {
    api = new ApiServer();
    api.add(UP_API, 100, 1, 120, 1, 140, 1, 160, 1);
    api.add(UP_DB, 100, 0, 120, 0, 140, 0, 160, 0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void instantVectorInPrometheusEnvelope() {
    ApiServer.Answer a = api.get("/api/v1/query", "query", "up", "time", "130");
    assertEquals(200, a.status());
    assertEquals(json("""
        {'status':'success','data':{'resultType':'vector','result':[
          {'metric':{'__name__':'up','instance':'a','job':'api'},'value':[130,'1']},
          {'metric':{'__name__':'up','instance':'b','job':'db'},'value':[130,'0']}]}}"""), a.json());
  }

  @Test
  void scalarAndStringResults() {
    assertEquals(json("{'resultType':'scalar','result':[130,'2']}"),
        api.get("/api/v1/query", "query", "1+1", "time", "130").success());
    assertEquals(json("{'resultType':'string','result':[130,'hello']}"),
        api.get("/api/v1/query", "query", "\"hello\"", "time", "130").success());
  }

  @Test
  void specialValuesAreStrings() {
    assertEquals("NaN", api.get("/api/v1/query", "query", "0/0", "time", "1").success().get("result").get(1).asText());
    assertEquals("+Inf", api.get("/api/v1/query", "query", "1/0", "time", "1").success().get("result").get(1).asText());
    assertEquals("-Inf", api.get("/api/v1/query", "query", "-1/0", "time", "1").success().get("result").get(1).asText());
  }

  @Test
  void timeAsRfc3339OrFractionalUnixSeconds() {
    JsonNode rfc = api.get("/api/v1/query", "query", "1", "time", "1970-01-01T00:02:10.5Z").success();
    JsonNode unix = api.get("/api/v1/query", "query", "1", "time", "130.5").success();
    assertEquals(json("{'resultType':'scalar','result':[130.5,'1']}"), rfc);
    assertEquals(rfc, unix);
    JsonNode offset = api.get("/api/v1/query", "query", "1", "time", "1970-01-01T01:02:10+01:00").success();
    assertEquals(130, offset.get("result").get(0).asLong());
  }

  @Test
  void timeDefaultsToNow() {
    double before = System.currentTimeMillis() / 1000.0;
    double t = api.get("/api/v1/query", "query", "1").success().get("result").get(0).asDouble();
    double after = System.currentTimeMillis() / 1000.0;
    assertTrue(t >= Math.floor(before) && t <= after + 0.001, before + " <= " + t + " <= " + after);
  }

  @Test
  void formPostAnswersAsGet() {
    assertEquals(api.get("/api/v1/query", "query", "up", "time", "130").json(),
        api.post("/api/v1/query", "query", "up", "time", "130").json());
    assertEquals(api.get("/api/v1/query_range", "query", "up", "start", "100", "end", "160", "step", "30").json(),
        api.post("/api/v1/query_range", "query", "up", "start", "100", "end", "160", "step", "30").json());
  }

  @Test
  void formBodyWinsOverQueryString() {
    ApiServer.Answer a = api.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(baseOf(api) + "/api/v1/query?query=down&time=130"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("query=up")));
    assertEquals(2, a.success().get("result").size());
  }

  @Test
  void badQueryIsBadDataWithTheParserMessage() {
    ApiServer.Answer a = api.get("/api/v1/query", "query", "sum(up", "time", "130");
    assertEquals("invalid parameter \"query\": 1:7: parse error: unclosed left parenthesis", a.error(400, "bad_data"));
    assertEquals(json("{'status':'error','errorType':'bad_data',"
        + "'error':'invalid parameter \\\"query\\\": 1:7: parse error: unclosed left parenthesis'}"), a.json());
    assertEquals("invalid parameter \"query\": unknown position: parse error: no expression found in input",
        api.get("/api/v1/query", "time", "130").error(400, "bad_data"));
  }

  @Test
  void badTimeIsBadData() {
    assertEquals("invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp",
        api.get("/api/v1/query", "query", "up", "time", "yesterday").error(400, "bad_data"));
    assertEquals("invalid parameter \"start\": cannot parse \"\" to a valid timestamp",
        api.get("/api/v1/query_range", "query", "up", "end", "160", "step", "30").error(400, "bad_data"));
    assertEquals("invalid parameter \"end\": end timestamp must not be before start time",
        api.get("/api/v1/query_range", "query", "up", "start", "160", "end", "100", "step", "30")
            .error(400, "bad_data"));
  }

  @Test
  void rangeQueryAnswersAMatrix() {
    ApiServer.Answer a = api.get("/api/v1/query_range", "query", "up", "start", "100", "end", "160", "step", "30s");
    assertEquals(json("""
        {'status':'success','data':{'resultType':'matrix','result':[
          {'metric':{'__name__':'up','instance':'a','job':'api'},'values':[[100,'1'],[130,'1'],[160,'1']]},
          {'metric':{'__name__':'up','instance':'b','job':'db'},'values':[[100,'0'],[130,'0'],[160,'0']]}]}}"""),
        a.json());
  }

  @Test
  void scalarRangeQueryIsAMatrixWithoutLabels() {
    assertEquals(json("{'resultType':'matrix','result':[{'metric':{},'values':[[0,'1'],[0.5,'1']]}]}"),
        api.get("/api/v1/query_range", "query", "1", "start", "0", "end", "0.5", "step", "0.5").success());
  }

  @Test
  void stepMustBePositiveDuration() {
    assertEquals("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. "
            + "Try a positive integer",
        api.get("/api/v1/query_range", "query", "up", "start", "0", "end", "10", "step", "0").error(400, "bad_data"));
    assertEquals("invalid parameter \"step\": cannot parse \"often\" to a valid duration",
        api.get("/api/v1/query_range", "query", "up", "start", "0", "end", "10", "step", "often")
            .error(400, "bad_data"));
  }

  @Test
  void tooManyPointsPerSeriesIsRefused() {
    assertEquals("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution "
            + "(?step=XX)",
        api.get("/api/v1/query_range", "query", "1", "start", "0", "end", "11001", "step", "1").error(400, "bad_data"));
    JsonNode atLimit = api.get("/api/v1/query_range", "query", "1", "start", "0", "end", "11000", "step", "1").success();
    assertEquals(11001, atLimit.get("result").get(0).get("values").size());
  }

  @Test
  void rangeQueryOfARangeVectorIsBadData() {
    assertEquals("invalid parameter \"query\": invalid expression type \"range vector\" for range query, "
            + "must be Scalar or instant Vector",
        api.get("/api/v1/query_range", "query", "up[5m]", "start", "0", "end", "10", "step", "5")
            .error(400, "bad_data"));
  }

  @Test
  void evaluationFailureIsExecutionError() {
    api.add(Labels.of("__name__", "down", "job", "api", "instance", "a"), 100, 1);
    assertEquals("vector cannot contain metrics with the same labelset",
        api.get("/api/v1/query", "query", "{__name__=~\"up|down\", job=\"api\"} + 1", "time", "130")
            .error(422, "execution"));
  }

  @Test
  void limitTruncatesWithAWarning() {
    ApiServer.Answer a = api.get("/api/v1/query", "query", "up", "time", "130", "limit", "1");
    assertEquals(1, a.success().get("result").size());
    assertEquals(json("['results truncated due to limit']"), a.json().get("warnings"));
    assertFalse(api.get("/api/v1/query", "query", "up", "time", "130", "limit", "2").json().has("warnings"));
    assertEquals("invalid parameter \"limit\": limit must be non-negative",
        api.get("/api/v1/query", "query", "up", "limit", "-1").error(400, "bad_data"));
  }

  @Test
  void engineInfosAreReported() {
    ApiServer.Answer a = api.get("/api/v1/query", "query", "rate(up[5m])", "time", "160");
    a.success();
    assertEquals(json("['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
        + "\\\"up\\\" (1:6)']"), a.json().get("infos"));
  }

  @Test
  void statsWhenAsked() {
    JsonNode stats = api.get("/api/v1/query", "query", "up[1m]", "time", "160", "stats", "all").success().get("stats");
    // The store is read over [100s, 160s], the window's closed hull: four samples of each series.
    assertEquals(8, stats.get("samples").get("totalQueryableSamples").asLong());
    assertTrue(stats.get("timings").has("execTotalTime"));
    assertFalse(api.get("/api/v1/query", "query", "up", "time", "160").success().has("stats"));
  }

  @Test
  void lookbackDeltaParameter() {
    assertEquals(0, api.get("/api/v1/query", "query", "up", "time", "130", "lookback_delta", "5s")
        .success().get("result").size());
    assertEquals("error parsing lookback delta duration: cannot parse \"x\" to a valid duration",
        api.get("/api/v1/query", "query", "up", "lookback_delta", "x").error(400, "bad_data"));
  }

  @Test
  void timeoutParameterEndsTheQuery() {
    assertEquals("query timed out in query execution",
        api.get("/api/v1/query", "query", "up", "time", "130", "timeout", "0s").error(503, "timeout"));
    assertEquals("invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration",
        api.get("/api/v1/query", "query", "up", "timeout", "soon").error(400, "bad_data"));
  }

  @Test
  void timeoutParameterCannotRaiseTheConfiguredTimeout() {
    try (ApiServer strict = new ApiServer(new QueryLimits(Duration.ofNanos(1), 20, 11_000, 1000, Duration.ofMinutes(5), 500_000),
        null, List.of())) {
      assertEquals("query timed out in query execution",
          strict.get("/api/v1/query", "query", "1", "time", "1", "timeout", "10m").error(503, "timeout"));
    }
  }

  @Test
  void tooManySamplesIsExecutionError() {
    try (ApiServer small = new ApiServer(new QueryLimits(Duration.ofMinutes(2), 20, 11_000, 5, Duration.ofMinutes(5), 500_000),
        null, List.of())) {
      small.add(UP_API, 100, 1, 120, 1, 140, 1, 160, 1, 180, 1, 200, 1);
      assertEquals(1, small.get("/api/v1/query", "query", "up[1m]", "time", "160").success().get("result").size());
      assertEquals("query processing would load too many samples into memory in query execution",
          small.get("/api/v1/query", "query", "up[10m]", "time", "200").error(422, "execution"));
    }
  }

  @Test
  void moreSeriesThanTheLimitIsAnExecutionErrorNamingTheKey() {
    try (ApiServer capped = new ApiServer(new QueryLimits(Duration.ofMinutes(2), 20, 11_000, 1000,
        Duration.ofMinutes(5), 1), null, List.of())) {
      capped.add(UP_API, 100, 1);
      capped.add(Labels.of("__name__", "up", "job", "db", "instance", "d"), 100, 1);
      assertEquals(1, capped.get("/api/v1/query", "query", "count(up)", "time", "100").success().get("result").size());
      String error = capped.get("/api/v1/query", "query", "up", "time", "100").error(422, "execution");
      assertTrue(error.contains("api.query.max_series"), error);
    }
  }

  @Test
  void queriesPastTheConcurrencyLimitWaitThenTimeOut() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    io.pipescope.store.internal.head.Head head = new io.pipescope.store.internal.head.Head(
        io.pipescope.store.internal.head.HeadLog.NONE);
    io.pipescope.store.Queryable blocking = (mint, maxt) -> {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return head.querier(mint, maxt);
    };
    try (ApiServer one = new ApiServer(new QueryLimits(Duration.ofMinutes(2), 1, 11_000, 1000, Duration.ofMinutes(5), 500_000),
        blocking, List.of())) {
      CompletableFuture<ApiServer.Answer> first =
          CompletableFuture.supplyAsync(() -> one.get("/api/v1/query", "query", "up", "time", "1"));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      assertEquals("query timed out in query queue",
          one.get("/api/v1/query", "query", "up", "time", "1", "timeout", "200ms").error(503, "timeout"));
      release.countDown();
      assertEquals(json("{'resultType':'vector','result':[]}"), first.get(10, TimeUnit.SECONDS).success());
      assertEquals(json("{'resultType':'vector','result':[]}"),
          one.get("/api/v1/query", "query", "up", "time", "1", "timeout", "1s").success());
    }
  }

  @Test
  void answeredAtTheTimeoutEvenWhenEvaluationDoesNotNotice() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    io.pipescope.store.internal.head.Head head = new io.pipescope.store.internal.head.Head(
        io.pipescope.store.internal.head.HeadLog.NONE);
    io.pipescope.store.Queryable stuck = (mint, maxt) -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return head.querier(mint, maxt);
    };
    try (ApiServer slow = new ApiServer(new QueryLimits(Duration.ofMillis(300), 20, 11_000, 1000, Duration.ofMinutes(5), 500_000),
        stuck, List.of())) {
      long start = System.nanoTime();
      assertEquals("query timed out in query execution",
          slow.get("/api/v1/query", "query", "up", "time", "1").error(503, "timeout"));
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis < 5_000, "answered after " + tookMillis + " ms");
    } finally {
      release.countDown();
    }
  }

  static String baseOf(ApiServer api) {
    return api.baseUrl();
  }
}
