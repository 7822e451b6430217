package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.demo.HistoryBackfill;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.FactoryTraffic;
import io.pipescope.app.testing.HeadlessChromium;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.app.testing.TraceApiStub;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /} in Debian's headless Chromium at a laptop's 1366 px, over a pipescope
 * that watched a factory at work: every metric panel has data, the firing alert shows, the page
 * logs no error, and a feature row opens its trace as a timeline of its stages.
 */
class DashboardPageBrowserTest {
  private static final List<String> STATS = List.of("deployment-frequency", "lead-time", "change-failure-rate",
      "time-to-restore", "uptime", "rework-rate", "cost-per-feature");
  private static final List<String> CHARTS = List.of("rework-by-checker", "lead-time-trend", "deployments",
      "change-failure-trend", "time-to-restore-trend", "uptime-trend", "tokens-per-feature", "stage-duration-p95",
      "security-findings");
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
  private static final Path ARTIFACTS = Path.of("target", "dashboard");

  private static final String RULES = """
      groups:
        - name: factory-dashboard
          interval: 1s
          rules:
            - alert: StageSentWorkBack
              expr: sum by (checker_name) (checker_rework_total) > 0
              labels:
                severity: ticket
              annotations:
                summary: "{{ $labels.checker_name }} needed rework"
      """;

  @TempDir
  Path dir;

  @Test
  void everyPanelShowsTheWatchedFactoryWithoutAConsoleError() throws Exception {
    Path rules = Files.writeString(dir.resolve("dashboard-rules.yml"), RULES);
    try (RunningPipescope server = RunningPipescope.start("storage.flush_interval=1s", "rules.files=[" + rules + "]");
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory");
        HeadlessChromium chromium = HeadlessChromium.start()) {
      FactoryTraffic traffic = new FactoryTraffic(server, factory, 3);
      for (int i = 0; i < 3; i++) {
        traffic.wave();
      }
      awaitFiringAlert(server);

      WebDriver page = chromium.driver();
      page.get(server.apiBase() + "/");
      awaitSettled(chromium);
      // Taken before the assertions, so a failing run leaves the picture of what failed.
      Path shot = chromium.screenshotFullPage(ARTIFACTS.resolve("dashboard.png"));

      for (String id : STATS) {
        WebElement stat = panel(page, id);
        assertEquals("ok", stat.getDomAttribute("data-state"), id + ": " + stat.getText());
        String value = stat.findElement(By.className("value")).getText();
        assertTrue(value.matches("[0-9][0-9.,]*(\\s?(%|ms|s|min|h|d|k|M|/ day))*"), id + " shows " + value);
      }
      for (String id : CHARTS) {
        WebElement chart = panel(page, id);
        assertEquals("ok", chart.getDomAttribute("data-state"), id + ": " + chart.getText());
        assertTrue(Integer.parseInt(chart.getDomAttribute("data-series")) >= 1, id);
        assertTrue(Integer.parseInt(chart.getDomAttribute("data-points")) >= 1, id);
        assertEquals(1, chart.findElements(By.cssSelector(".plot .uplot canvas")).size(), id + " draws one uPlot canvas");
      }
      assertEquals(STATS.size() + CHARTS.size(), page.findElements(By.cssSelector("#stats .panel, #charts .panel")).size(),
          "a panel the test does not know of");
      assertSeries(page, "rework-by-checker", "build", "test_coverage", "deploy");
      assertSeries(page, "lead-time-trend", "p50 with rework", "p50 without rework", "p95 with rework");
      assertSeries(page, "tokens-per-feature", "gpt-4o", "gpt-4o-mini", "claude-sonnet-4");
      assertSeries(page, "security-findings", "critical", "high", "medium", "low");
      assertSeries(page, "deployments", "production", "staging");
      String rework = panel(page, "rework-rate").findElement(By.className("value")).getText();
      assertFalse(rework.equals("0 %"), "two of each wave's 23 runs are rework: " + rework);

      WebElement alerts = panel(page, "alerts");
      assertEquals("ok", alerts.getDomAttribute("data-state"));
      assertEquals("2", alerts.getDomAttribute("data-firing"), "build and test coverage both needed rework");
      List<WebElement> firing = alerts.findElements(By.cssSelector("li.alert.firing"));
      assertEquals(2, firing.size());
      assertTrue(firing.get(0).getText().contains("StageSentWorkBack"), firing.get(0).getText());
      assertTrue(alerts.getText().contains("test_coverage needed rework"), alerts.getText());

      assertFeaturesOpenTheirTimeline(page, traffic.waves() * FactoryTraffic.FEATURES_PER_WAVE,
          "Export invoices as PDF #3", "build");

      assertTrue(Files.size(shot) > 50_000, "a screenshot of a drawn page: " + shot);
      assertRangeAndRefreshPickersWork(chromium);
      assertNoConsoleErrors(chromium, List.of());
    }
  }

  /**
   * The dashboard over what {@code pipescope demo} seeds: two days of simulated factory history
   * (the last hours at the live flush's resolution), the shipped rules loaded. Every panel has
   * data, a feature row opens its timeline, and nothing is logged to the console.
   */
  @Test
  void dashboardOverTheDemoFactory() throws Exception {
    Path data = dir.resolve("demo-data");
    List<String> settings = List.of("storage.path=" + data, "storage.flush_interval=1s",
        "rules.files=[../deploy/rules/factory-recording.yml, ../deploy/rules/factory-alerts.yml]");
    PipescopeConfig config = PipescopeConfig.load(null, settings);
    long now = System.currentTimeMillis();
    HistoryBackfill.Result history = new HistoryBackfill(config, Duration.ofMinutes(15))
        .run(new FactorySimulator(42), now - Duration.ofDays(2).toMillis(), now, line -> { });
    assertTrue(history.features() > 50, "features in two days: " + history.features());
    try (RunningPipescope server = RunningPipescope.start(settings.toArray(String[]::new));
        HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver page = chromium.driver();
      page.get(server.apiBase() + "/#range=6h");
      awaitSettled(chromium);
      Path shot = chromium.screenshotFullPage(ARTIFACTS.resolve("dashboard-demo.png"));
      for (String id : STATS) {
        assertEquals("ok", panel(page, id).getDomAttribute("data-state"), id + ": " + panel(page, id).getText());
      }
      for (String id : CHARTS) {
        WebElement chart = panel(page, id);
        assertEquals("ok", chart.getDomAttribute("data-state"), id + ": " + chart.getText());
        assertTrue(Integer.parseInt(chart.getDomAttribute("data-points")) >= 2, id + " draws a line, not a dot");
      }
      assertEquals("ok", panel(page, "alerts").getDomAttribute("data-state"));
      WebElement features = panel(page, "features");
      assertEquals("ok", features.getDomAttribute("data-state"), features.getText());
      List<WebElement> rows = features.findElements(By.cssSelector("tbody tr"));
      for (WebElement row : rows) {
        String name = row.findElement(By.className("name")).getText();
        assertTrue(name.matches("(Add|Build|Migrate|Fix) .+"), "the feature's own name, in flight too: " + name);
      }
      // The oldest listed: finished, whatever was still in flight when the history ended.
      rows.get(rows.size() - 1).click();
      WebElement timeline = page.findElement(By.id("timeline"));
      new WebDriverWait(page, PAGE_TIMEOUT).until(d -> !"loading".equals(timeline.getDomAttribute("data-state")));
      assertEquals("ok", timeline.getDomAttribute("data-state"), timeline.getText());
      List<WebElement> stages = timeline.findElements(By.cssSelector(".row.stage"));
      assertTrue(!stages.isEmpty(), timeline.getText());
      for (WebElement stage : stages) {
        assertTrue(stage.findElement(By.className("duration")).getText().matches("[0-9.]+ (ms|s|min|h)"),
            stage.getText());
      }
      chromium.screenshotFullPage(ARTIFACTS.resolve("dashboard-demo-timeline.png"));
      assertTrue(Files.size(shot) > 50_000, "a screenshot of a drawn page: " + shot);
      assertNoConsoleErrors(chromium, List.of());
    }
  }

  /** The features panel against the trace API's contract (Tempo's shape), from documents in test resources. */
  @Test
  void aFeatureRowOpensItsTraceAsATimelineOfStages() throws Exception {
    String profileTrace = "5b8efff798038103d269b633813fc60c";
    String invoicesTrace = "0af7651916cd43dd8448eb211c80319c";
    Map<String, String> traces = new LinkedHashMap<>();
    for (String id : List.of(profileTrace, invoicesTrace)) {
      traces.put(id, TraceApiStub.resource("dashboard/tempo-trace-" + id + ".json"));
    }
    try (RunningPipescope server = RunningPipescope.start();
        TraceApiStub traceApi = new TraceApiStub(server.apiBase(), TraceApiStub.resource("dashboard/tempo-search.json"),
            traces);
        HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver page = chromium.driver();
      long before = System.currentTimeMillis() / 1000;
      page.get(traceApi.base() + "/#range=6h");
      awaitSettled(chromium);

      TraceApiStub.Request search = traceApi.requests().get(0);
      Map<String, String> params = params(search.pathAndQuery());
      assertTrue(search.pathAndQuery().startsWith("/api/search?"), search.pathAndQuery());
      assertEquals("20", params.get("limit"));
      long end = Long.parseLong(params.get("end"));
      assertTrue(end >= before && end <= before + 60, "end is now, in unix seconds: " + end);
      assertEquals(6 * 3600, end - Long.parseLong(params.get("start")), "the picked range");

      assertFeaturesOpenTheirTimeline(page, 2, "Add user profile endpoint", "test_coverage");
      WebElement timeline = page.findElement(By.id("timeline"));
      List<WebElement> stages = timeline.findElements(By.cssSelector(".row.stage"));
      assertEquals(List.of("schema_validation", "code_generation", "build", "test_coverage", "test_coverage",
          "security_scan", "deploy", "health_check"), stages.stream().map(s -> s.getDomAttribute("data-stage")).toList());
      assertEquals(List.of("1", "1", "1", "1", "2", "1", "1", "1"),
          stages.stream().map(s -> s.getDomAttribute("data-attempt")).toList());
      WebElement failed = stages.get(3);
      assertEquals("failure", failed.getDomAttribute("data-result"));
      assertEquals("6.3 s", failed.findElement(By.className("duration")).getText());
      WebElement retried = stages.get(4);
      assertEquals("success", retried.getDomAttribute("data-result"));
      assertEquals("8.1 s", retried.findElement(By.className("duration")).getText());
      assertTrue(retried.getText().contains("attempt 2"), retried.getText());
      assertEquals("1,250", stages.get(1).findElement(By.className("tokens")).getText());
      String summary = timeline.findElement(By.className("summary")).getText();
      assertTrue(summary.contains("28 s lead time") && summary.contains("8 stage runs") && summary.contains("1 reworked")
          && summary.contains("1,250 tokens"), summary);
      assertTrue(timeline.getText().contains("FEAT-101 · crud"), timeline.getText());

      TraceApiStub.Request trace = traceApi.requests().get(traceApi.requests().size() - 1);
      assertEquals("/api/traces/" + profileTrace, trace.pathAndQuery());
      assertEquals("application/json", trace.accept(), "Tempo answers OTLP JSON only when asked for it");

      chromium.screenshotFullPage(ARTIFACTS.resolve("dashboard-timeline.png"));
      timeline.findElement(By.className("close")).click();
      assertFalse(timeline.isDisplayed());
      assertNoConsoleErrors(chromium, List.of());
    }
  }

  /** Clicks the row named {@code feature} and checks the timeline shows its stages, {@code reworked} among them twice. */
  private static void assertFeaturesOpenTheirTimeline(WebDriver page, int rows, String feature, String reworked) {
    WebElement features = panel(page, "features");
    assertEquals("ok", features.getDomAttribute("data-state"), features.getText());
    List<WebElement> listed = features.findElements(By.cssSelector("tbody tr"));
    assertEquals(rows, listed.size(), features.getText());
    WebElement row = listed.stream().filter(r -> r.findElement(By.className("name")).getText().equals(feature))
        .findFirst().orElseThrow(() -> new AssertionError("no row for " + feature + " in " + features.getText()));
    row.click();
    WebElement timeline = page.findElement(By.id("timeline"));
    new WebDriverWait(page, PAGE_TIMEOUT)
        .until(d -> !"loading".equals(timeline.getDomAttribute("data-state")));
    assertEquals("ok", timeline.getDomAttribute("data-state"), timeline.getText());
    assertTrue(timeline.isDisplayed());
    assertTrue(row.getDomAttribute("class").contains("selected"));
    List<WebElement> attempts = timeline.findElements(By.cssSelector(".row.stage[data-stage='" + reworked + "']"));
    assertEquals(List.of("failure", "success"), attempts.stream().map(a -> a.getDomAttribute("data-result")).toList());
    assertEquals(List.of("1", "2"), attempts.stream().map(a -> a.getDomAttribute("data-attempt")).toList());
    for (WebElement stage : timeline.findElements(By.cssSelector(".row.stage"))) {
      assertTrue(stage.findElement(By.className("duration")).getText().matches("[0-9.]+ (ms|s|min)"), stage.getText());
      WebElement bar = stage.findElement(By.className("bar"));
      assertTrue(bar.getSize().getWidth() >= 2, "a visible bar for " + stage.getText());
    }
  }

  /** A picked range re-queries every panel over it and lands in the URL; a picked refresh refreshes by itself. */
  private static void assertRangeAndRefreshPickersWork(HeadlessChromium chromium) {
    WebDriver page = chromium.driver();
    new Select(page.findElement(By.id("range"))).selectByValue("24h");
    chromium.waitUpTo(PAGE_TIMEOUT).until(d -> panel(d, "lead-time").getText().contains("last 24h"));
    awaitSettled(chromium);
    assertTrue(page.getCurrentUrl().endsWith("#range=24h&refresh=off"), page.getCurrentUrl());
    for (String id : STATS) {
      assertEquals("ok", panel(page, id).getDomAttribute("data-state"), id + " over 24h");
    }
    assertEquals("Deployments per 1h", panel(page, "deployments").findElement(By.tagName("h2")).getText());
    assertTrue(panel(page, "rework-by-checker").findElement(By.className("promql")).getDomAttribute("title")
        .contains("[1h]"), "24h trends use a 1h window");

    String updated = page.findElement(By.id("updated")).getText();
    new Select(page.findElement(By.id("refresh"))).selectByValue("10s");
    assertTrue(page.getCurrentUrl().endsWith("#range=24h&refresh=10s"), page.getCurrentUrl());
    chromium.waitUpTo(Duration.ofSeconds(25)).until(d -> !d.findElement(By.id("updated")).getText().equals(updated));
    new Select(page.findElement(By.id("refresh"))).selectByValue("off");
  }

  private static void awaitSettled(HeadlessChromium chromium) {
    chromium.waitUpTo(PAGE_TIMEOUT).until(d -> "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state"))
        && d.findElements(By.cssSelector("[data-panel][data-state='loading']")).isEmpty());
  }

  private static WebElement panel(WebDriver page, String id) {
    return page.findElement(By.cssSelector("[data-panel='" + id + "']"));
  }

  private static void assertSeries(WebDriver page, String chart, String... labels) {
    List<String> legend = panel(page, chart).findElements(By.cssSelector(".u-legend .u-series .u-label")).stream()
        .map(WebElement::getText).toList();
    for (String label : labels) {
      assertTrue(legend.contains(label), chart + " has no series " + label + " in its legend: " + legend);
    }
  }

  /**
   * No console error, except a failed load of a URL starting with one of {@code allowed} after
   * the path (the trace API's 404 while pipescope does not serve it: Chromium logs every failed
   * fetch, however the page handles it).
   */
  private static void assertNoConsoleErrors(HeadlessChromium chromium, List<String> allowed) {
    List<LogEntry> errors = chromium.consoleErrors().stream()
        .filter(e -> allowed.stream().noneMatch(a -> e.getMessage().contains(a) && e.getMessage().contains(" 404 ")))
        .toList();
    assertTrue(errors.isEmpty(), "console errors:\n" + errors.stream().map(LogEntry::toString)
        .collect(Collectors.joining("\n")));
  }

  private static void awaitFiringAlert(RunningPipescope server) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + "/api/v1/alerts")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("\"state\":\"firing\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no alert fired: " + body);
  }

  private static Map<String, String> params(String pathAndQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return params;
  }
}
