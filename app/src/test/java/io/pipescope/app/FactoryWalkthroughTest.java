package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.pipescope.app.testing.FactoryScenario;
import io.pipescope.app.testing.FactoryScenario.Naming;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.Promtool;
import io.pipescope.app.testing.RunningPipescope;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's walk-through, sent through the real OpenTelemetry SDK: feature "Add user profile
 * endpoint" passes schema validation, code generation and build, fails test coverage once, then
 * passes it, the security scan, the production deploy and the health check.
 */
class FactoryWalkthroughTest {
  private static final long T0 = 1_764_000_000_000_000_000L;

  /** Sends the walk-through; stage times add up to 27.8 s from the first span to the health check's end. */
  static void walkThrough(FactoryScenario factory) {
    FactoryScenario.Feature f = factory.feature("FEAT-101", "crud", "Add user profile endpoint", T0);
    f.stage("schema_validation", 0, 800, true)
        .stage("code_generation", 100, 4200, true, 1, f.codeGeneration("gpt-4o", 1250))
        .stage("build", 100, 2100, true)
        .stage("test_coverage", 100, 6300, false, 1, Attributes.empty())
        .stage("test_coverage", 200, 8100, true, 2, Attributes.empty())
        .stage("security_scan", 100, 1900, true, 1, f.findings(0))
        .stage("deploy", 100, 3200, true, 1, f.deploy("production", "deploy-7"))
        .stage("health_check", 100, 400, true, 1, f.health("production", 145));
    f.end();
    factory.flush();
  }

  @ParameterizedTest
  @EnumSource(Naming.class)
  void walkThroughShowsExactlyTheExpectedFactoryMetrics(Naming naming) {
    try (RunningPipescope server = RunningPipescope.start();
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), naming, "factory")) {
      walkThrough(factory);
      MetricsPage page = server.scrape();

      String[] coverage = {"checker_name", "test_coverage", "feature_type", "crud", "pipeline", "factory-main"};
      assertEquals(2, page.sum("checker_runs_total", coverage));
      assertEquals(1, page.value("checker_runs_total", OtelSdkExportTest.with(coverage, "status", "failure")));
      assertEquals(1, page.value("checker_runs_total", OtelSdkExportTest.with(coverage, "status", "success")));
      assertEquals(1, page.value("checker_failures_total", coverage));
      assertEquals(1, page.value("checker_rework_total", coverage));
      assertEquals(1, page.sum("checker_rework_total"), "only test coverage needed rework");
      assertEquals(1, page.sum("checker_failures_total"));
      assertEquals(8, page.sum("checker_runs_total"), "eight stage runs; the feature's root span is not a stage");

      String[] crudRework = {"feature_type", "crud", "rework", "true"};
      assertEquals(1, page.value("feature_lead_time_seconds_count", crudRework));
      assertEquals(27.8, page.value("feature_lead_time_seconds_sum", crudRework), 1e-6);
      assertEquals(0, page.value("feature_lead_time_seconds_bucket", OtelSdkExportTest.with(crudRework, "le", "10")));
      assertEquals(1, page.value("feature_lead_time_seconds_bucket", OtelSdkExportTest.with(crudRework, "le", "30")));
      assertEquals(0, page.select("feature_lead_time_seconds_count", "rework", "false").size());

      assertEquals(1250, page.value("feature_cost_tokens_sum", "feature_type", "crud"));
      assertEquals(1, page.value("feature_cost_tokens_count", "feature_type", "crud"));
      assertEquals(1250, page.sum("code_generation_tokens_total", "model", "gpt-4o"));
      assertEquals(1, page.value("code_generation_requests_total", "model", "gpt-4o", "status", "success"));
      assertEquals(1, page.value("feature_rework_stages_sum", "feature_type", "crud"));

      assertEquals(1, page.value("deployments_total", "environment", "production", "status", "success"));
      assertEquals(1, page.sum("deployments_total"));
      assertEquals(0, page.sum("change_failures_total"));
      assertEquals(1, page.value("health_checks_total", "environment", "production", "status", "success"));
      assertEquals(0.145, page.value("health_check_latency_seconds_sum", "environment", "production"), 1e-9);
      assertEquals(1, page.value("service_up", "environment", "production"));
      assertEquals(0, page.sum("security_findings_total"));
      assertEquals(1, page.value("features_completed_total", "feature_type", "crud", "outcome", "success"));
      assertEquals(1, page.value("pipescope_factory_features_closed_total", "reason", "complete"));
      assertEquals(0, page.value("pipescope_factory_features_in_flight"));
    }
  }

  @Test
  void promtoolAcceptsTheExpositionWithFactoryMetrics() {
    try (RunningPipescope server = RunningPipescope.start();
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), Naming.SEMCONV, "factory")) {
      walkThrough(factory);
      Promtool.Result result = Promtool.checkMetrics(server.scrape().text());
      assertEquals(0, result.exitCode(), result.output());
    }
  }

  @Test
  void semconvAndPlainNamesGiveIdenticalSeries() {
    Map<String, Double> semconv = factorySeries(Naming.SEMCONV);
    Map<String, Double> plain = factorySeries(Naming.PLAIN);
    assertTrue(semconv.size() > 40, "too few factory series to compare: " + semconv.size());
    assertEquals(semconv, plain);
  }

  /**
   * The factory series of one walk-through run, keyed by name and labels. Token counts are compared
   * summed per model: the plain tokens_used carries no input/output split, so its token_type differs.
   */
  private static Map<String, Double> factorySeries(Naming naming) {
    try (RunningPipescope server = RunningPipescope.start();
        FactoryScenario factory = new FactoryScenario(server.grpcEndpoint(), naming, "factory")) {
      walkThrough(factory);
      MetricsPage page = server.scrape();
      Map<String, Double> series = new TreeMap<>();
      // Factory series only: pipescope's own health (ingest, store timings) differs run to run.
      for (String line : page.text().split("\n")) {
        if (line.startsWith("#") || line.isBlank() || line.startsWith("calls_total") || line.startsWith("duration_")
            || (line.startsWith("pipescope_") && !line.startsWith("pipescope_factory_"))
            || line.startsWith("process_") || line.startsWith("jvm_")
            || line.startsWith("code_generation_tokens_total")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
      series.put("code_generation_tokens_total{model=\"gpt-4o\"} summed",
          page.sum("code_generation_tokens_total", "model", "gpt-4o"));
      return series;
    }
  }
}
