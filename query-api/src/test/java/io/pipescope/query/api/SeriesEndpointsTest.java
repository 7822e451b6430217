package io.pipescope.query.api;

import static io.pipescope.query.api.ApiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pipescope.aggregator.metrics.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeriesEndpointsTest {
  private ApiServer api;

  @BeforeEach
  void start() {
    api = new ApiServer();
    api.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), 100, 1);
    api.add(Labels.of("__name__", "up", "job", "db", "instance", "b"), 100, 1);
    api.add(Labels.of("__name__", "builds_total", "job", "ci", "branch", "main"), 1000, 3);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void seriesOfEveryMatchSetMergedAndSorted() {
    ApiServer.Answer a = api.get("/api/v1/series", "match[]", "up{job=\"db\"}", "match[]", "builds_total",
        "match[]", "up{instance=\"b\"}");
    assertEquals(json("""
        {'status':'success','data':[
          {'__name__':'builds_total','branch':'main','job':'ci'},
          {'__name__':'up','instance':'b','job':'db'}]}"""), a.json());
  }

  @Test
  void seriesWithinStartAndEnd() {
    assertEquals(json("[{'__name__':'builds_total','branch':'main','job':'ci'}]"),
        api.get("/api/v1/series", "match[]", "{__name__=~\".+\"}", "start", "500", "end", "2000").success());
    assertEquals(json("[]"), api.get("/api/v1/series", "match[]", "up", "start", "500", "end", "600").success());
  }

  @Test
  void seriesNeedsAMatcher() {
    assertEquals("no match[] parameter provided", api.get("/api/v1/series").error(400, "bad_data"));
    assertEquals("invalid parameter \"match[]\": match[] must contain at least one non-empty matcher",
        api.get("/api/v1/series", "match[]", "{job=~\".*\"}").error(400, "bad_data"));
    assertEquals("invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces",
        api.get("/api/v1/series", "match[]", "up{").error(400, "bad_data"));
  }

  @Test
  void seriesLimitWarns() {
    ApiServer.Answer a = api.get("/api/v1/series", "match[]", "up", "limit", "1");
    assertEquals(json("[{'__name__':'up','instance':'a','job':'api'}]"), a.success());
    assertEquals(json("['results truncated due to limit']"), a.json().get("warnings"));
  }

  @Test
  void labelNamesAllOrMatched() {
    assertEquals(json("['__name__','branch','instance','job']"), api.get("/api/v1/labels").success());
    assertEquals(json("['__name__','instance','job']"), api.get("/api/v1/labels", "match[]", "up").success());
    assertEquals(json("['__name__','instance','job']"), api.post("/api/v1/labels", "match[]", "up").success());
    assertEquals(json("['__name__','branch','job']"),
        api.get("/api/v1/labels", "start", "900", "end", "1100").success());
  }

  @Test
  void labelValuesOfNameAreMetricNames() {
    assertEquals(json("{'status':'success','data':['builds_total','up']}"),
        api.get("/api/v1/label/__name__/values").json());
    assertEquals(json("['api','ci','db']"), api.get("/api/v1/label/job/values").success());
    assertEquals(json("['api','db']"), api.get("/api/v1/label/job/values", "match[]", "up").success());
    assertEquals(json("[]"), api.get("/api/v1/label/nope/values").success());
  }

  @Test
  void labelValuesLimitAndErrors() {
    ApiServer.Answer a = api.get("/api/v1/label/job/values", "limit", "2");
    assertEquals(json("['api','ci']"), a.success());
    assertEquals(json("['results truncated due to limit']"), a.json().get("warnings"));
    assertFalse(api.get("/api/v1/label/job/values", "limit", "3").json().has("warnings"));
    assertEquals("invalid label name: \"\"", api.raw("/api/v1/label//values").error(400, "bad_data"));
    assertEquals("invalid parameter \"limit\": strconv.Atoi: parsing \"many\": invalid syntax",
        api.get("/api/v1/label/job/values", "limit", "many").error(400, "bad_data"));
  }

  @Test
  void labelValuesNameIsPercentDecoded() {
    api.add(Labels.of("__name__", "x", "service name", "checkout"), 100, 1);
    assertEquals(json("['checkout']"), api.raw("/api/v1/label/service%20name/values").success());
  }
}
