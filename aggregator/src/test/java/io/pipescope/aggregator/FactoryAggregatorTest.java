package io.pipescope.aggregator;

import static io.pipescope.aggregator.testing.FactorySpans.request;
import static io.pipescope.aggregator.testing.FactorySpans.root;
import static io.pipescope.aggregator.testing.FactorySpans.span;
import static io.pipescope.aggregator.testing.FactorySpans.stage;
import static io.pipescope.aggregator.testing.FactorySpans.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.testing.RecordingCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factory aggregator from hand-built spans to collected families, on a clock the test moves.
 * Family names are as collectors see them: counters without {@code _total}.
 */
class FactoryAggregatorTest {
  private static final String PROD = "production";

  private final AtomicLong clockMillis = new AtomicLong(1_000_000);

  private FactoryAggregator aggregator(FactoryConfig config) {
    return new FactoryAggregator(config, clockMillis::get);
  }

  private static void send(FactoryAggregator aggregator, Span... spans) {
    aggregator.consume(request(spans).getResourceSpansList());
  }

  private static RecordingCollector collect(FactoryAggregator aggregator) {
    return RecordingCollector.collect(aggregator);
  }

  private static Span deploy(ByteString trace, String environment, String result, long startMillis, long endMillis) {
    return stage(trace, "deploy").environment(environment).attr("deployment.id", "deploy-" + startMillis)
        .result(result).at(startMillis, endMillis).build();
  }

  private static Span health(ByteString trace, String environment, String result, long startMillis, long endMillis) {
    return stage(trace, "health_check").environment(environment).result(result).at(startMillis, endMillis).build();
  }

  // --- DORA: change failures, time to restore, service_up

  @Test
  void productionDeployFollowedByFailingHealthCheckCountsAChangeFailure() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, deploy(t, PROD, "success", 0, 1000), health(t, PROD, "failure", 1500, 2500));
    // A failing check in an environment that saw no deploy is an outage, not a change failure.
    send(aggregator, health(traceId(2), "staging", "failure", 1500, 2500));

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("change_failures", "environment", PROD));
    assertEquals(0, m.sum("change_failures", "environment", "staging"));
    assertEquals(1, m.value("deployments", "environment", PROD, "status", "success"));
    assertEquals(1, m.value("health_checks", "environment", PROD, "status", "failure"));
    assertEquals(0, m.value("service_up", "environment", PROD));
    assertEquals(0, m.value("service_up", "environment", "staging"));
  }

  @Test
  void nextPassingHealthCheckRecordsTimeToRestoreFromTheFailingChecksEnd() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, deploy(t, PROD, "success", 0, 1000), health(t, PROD, "failure", 1500, 2500));
    assertEquals(0, collect(aggregator).histogramCount("time_to_restore_seconds"), "not restored yet");

    send(aggregator, health(traceId(2), PROD, "success", 10_000, 10_500));

    RecordingCollector m = collect(aggregator);
    HistogramSnapshot restore = m.histogram("time_to_restore_seconds", "environment", PROD);
    assertEquals(1, restore.count());
    assertEquals(8.0, restore.sum(), 1e-9, "failing check ended at 2.5 s, passing check ended at 10.5 s");
    assertEquals(1, m.value("service_up", "environment", PROD));
    assertEquals(1, m.value("change_failures", "environment", PROD));
  }

  @Test
  void secondFailingHealthCheckBeforeTheNextDeployIsNotASecondChangeFailure() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, deploy(traceId(1), PROD, "success", 0, 1000), health(traceId(1), PROD, "failure", 1500, 2500));
    send(aggregator, health(traceId(2), PROD, "failure", 4000, 5000));
    send(aggregator, health(traceId(3), PROD, "success", 10_000, 10_500));

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("change_failures", "environment", PROD));
    assertEquals(8.0, m.histogram("time_to_restore_seconds", "environment", PROD).sum(), 1e-9,
        "the outage started at the first failing check, not the second");

    // The next deploy is a new change: its failing check counts again.
    send(aggregator, deploy(traceId(4), PROD, "success", 20_000, 21_000),
        health(traceId(4), PROD, "failure", 21_500, 22_000));
    assertEquals(2, collect(aggregator).value("change_failures", "environment", PROD));
  }

  @Test
  void rollbackDeployCountsAChangeFailureForThePreviousDeploy() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, deploy(traceId(1), PROD, "success", 0, 1000), health(traceId(1), PROD, "success", 1500, 2000));
    assertEquals(0, collect(aggregator).sum("change_failures"));

    send(aggregator, stage(traceId(2), "deploy").environment(PROD).attr("factory.deployment.rollback", true)
        .result("success").at(5000, 6000).build());
    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("change_failures", "environment", PROD));
    assertEquals(2, m.sum("deployments", "environment", PROD), "a rollback is a deploy too");

    // The failed change is counted once, however it shows.
    send(aggregator, health(traceId(3), PROD, "failure", 7000, 7500));
    send(aggregator, stage(traceId(4), "deploy").environment(PROD).attr("factory.deployment.rollback", true)
        .at(8000, 9000).build());
    assertEquals(1, collect(aggregator).value("change_failures", "environment", PROD));
  }

  @Test
  void rollbackWithoutAnEarlierDeployIsNotAChangeFailure() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, stage(traceId(1), "deploy").environment("staging").attr("factory.deployment.rollback", true)
        .at(0, 1000).build());
    assertEquals(0, collect(aggregator).sum("change_failures"));
  }

  @Test
  void serviceUpFollowsTheLatestHealthCheck() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    assertTrue(collect(aggregator).series("service_up").isEmpty(), "no environment before its first check");

    send(aggregator, health(traceId(1), PROD, "success", 0, 1000));
    assertEquals(1, collect(aggregator).value("service_up", "environment", PROD));
    send(aggregator, health(traceId(2), PROD, "failure", 4000, 5000));
    assertEquals(0, collect(aggregator).value("service_up", "environment", PROD));
    send(aggregator, health(traceId(3), PROD, "success", 8000, 9000));
    assertEquals(1, collect(aggregator).value("service_up", "environment", PROD));
    // A check that ended earlier but arrives later is not the latest.
    send(aggregator, health(traceId(4), PROD, "failure", 6000, 7000));
    assertEquals(1, collect(aggregator).value("service_up", "environment", PROD));
  }

  @Test
  void healthCheckWithoutEnvironmentBelongsToItsTracesDeployEnvironment() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, deploy(t, PROD, "success", 0, 1000),
        stage(t, "health_check").result("failure").at(1500, 2500).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("health_checks", "environment", PROD, "status", "failure"));
    assertEquals(1, m.value("change_failures", "environment", PROD));
    assertEquals(0, m.value("service_up", "environment", PROD));
  }

  // --- rework

  @Test
  void retryWithoutAttemptAttributeCountsAsRework() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "unit_tests").result("failure").at(0, 1000).build());
    send(aggregator, stage(t, "unit_tests").result("success").at(2000, 3000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(2, m.sum("checker_runs", "checker_name", "unit_tests"));
    assertEquals(1, m.value("checker_rework", "checker_name", "unit_tests"));
  }

  @Test
  void attemptsOneAndTwoCountOneRework() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "unit_tests").result("failure").attempt(1).at(0, 1000).build(),
        stage(t, "unit_tests").result("success").attempt(2).at(2000, 3000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(2, m.sum("checker_runs", "checker_name", "unit_tests"));
    assertEquals(1, m.value("checker_rework", "checker_name", "unit_tests"));
  }

  @Test
  void sameCheckerInDifferentTracesIsNotRework() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, stage(traceId(1), "unit_tests").result("failure").at(0, 1000).build(),
        stage(traceId(2), "unit_tests").result("success").at(2000, 3000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(2, m.sum("checker_runs", "checker_name", "unit_tests"));
    assertEquals(0, m.sum("checker_rework"));
  }

  // --- results

  @ParameterizedTest(name = "result={0}, span status {1} -> {2}")
  @CsvSource({
    ", STATUS_CODE_ERROR, failure",
    ", STATUS_CODE_OK, success",
    ", STATUS_CODE_UNSET, success",
    "flaky, STATUS_CODE_ERROR, failure",
    "flaky, STATUS_CODE_UNSET, success",
    "fail, STATUS_CODE_OK, failure",
    "passed, STATUS_CODE_ERROR, success",
    "TIMED_OUT, STATUS_CODE_UNSET, timeout",
  })
  void resultFallsBackToSpanStatus(String result, StatusCode status, String expected) {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    var span = stage(traceId(1), "build").status(status).at(0, 1000);
    if (result != null) {
      span.result(result);
    }
    send(aggregator, span.build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("checker_runs", "checker_name", "build", "status", expected));
    boolean failed = !expected.equals("success");
    assertEquals(failed ? 1 : 0, m.sum("checker_failures", "checker_name", "build"));
  }

  // --- configuration

  @Test
  void aliasesAndExtraLabelsFromConfig() {
    FactoryAggregator aggregator = aggregator(config("", Map.of("checker_name", List.of("step.name")),
        Map.of("team", "team.name"), 2000, 128, 10_000));
    send(aggregator, span(traceId(1), "lint step").attr("step.name", "lint").attr("team.name", "platform")
        .result("failure").at(0, 1000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("checker_runs", "checker_name", "lint", "status", "failure", "team", "platform"));
    assertEquals(1, m.value("checker_failures", "checker_name", "lint", "team", "platform"));
    assertEquals(1, m.histogram("checker_duration_seconds", "checker_name", "lint", "team", "platform").count());
  }

  @Test
  void namespacePrefixesFactoryMetricsButNotSelfMetrics() {
    FactoryAggregator aggregator = aggregator(config("factory", Map.of(), Map.of(), 2000, 128, 10_000));
    send(aggregator, stage(traceId(1), "build").result("success").at(0, 1000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("factory_checker_runs", "checker_name", "build", "status", "success"));
    assertFalse(m.has("checker_runs"));
    assertTrue(m.has("factory_feature_lead_time_seconds"));
    assertTrue(m.has("factory_service_up"));
    assertEquals(1, m.value("pipescope_factory_features_in_flight"));
    assertFalse(m.has("factory_pipescope_factory_features_in_flight"));
    assertTrue(m.has("pipescope_factory_late_spans"));
    assertTrue(m.has("pipescope_factory_overflow_samples"));
  }

  // --- security

  @Test
  void securityFindingsBySeverity() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, stage(traceId(1), "security_scan").attr("factory.security.findings", 15L)
        .attr("factory.security.findings.critical", 1L).attr("factory.security.findings.high", 2L)
        .attr("factory.security.findings.medium", 3L).attr("factory.security.findings.low", 4L)
        .at(0, 1000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("security_findings", "severity", "critical"));
    assertEquals(2, m.value("security_findings", "severity", "high"));
    assertEquals(3, m.value("security_findings", "severity", "medium"));
    assertEquals(4, m.value("security_findings", "severity", "low"));
    assertEquals(5, m.value("security_findings", "severity", "unspecified"), "15 in all, 10 of them split");
    assertEquals(15, m.sum("security_findings"));
  }

  @Test
  void securityFindingsWithoutATotalOrOnlyATotal() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    send(aggregator, stage(traceId(1), "security_scan").attr("factory.security.findings.high", 2L)
        .at(0, 1000).build());
    RecordingCollector split = collect(aggregator);
    assertEquals(2, split.value("security_findings", "severity", "high"));
    assertEquals(2, split.sum("security_findings"), "no total: nothing unspecified");

    send(aggregator, stage(traceId(2), "security_scan").attr("factory.security.findings", 3L).at(0, 1000).build());
    RecordingCollector m = collect(aggregator);
    assertEquals(3, m.value("security_findings", "severity", "unspecified"));
    assertEquals(5, m.sum("security_findings"));
  }

  // --- features

  @Test
  void deployAndPassingHealthCheckCompleteASuccessfulFeatureWithItsLeadTime() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "schema_validation").feature("F-1", "crud").result("success").at(0, 800).build(),
        stage(t, "deploy").feature("F-1", "crud").environment(PROD).attr("deployment.id", "d-1")
            .result("success").at(1000, 4000).build(),
        stage(t, "health_check").feature("F-1", "crud").environment(PROD).result("success").at(4100, 4500).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "success"));
    HistogramSnapshot lead = m.histogram("feature_lead_time_seconds", "feature_type", "crud", "rework", "false");
    assertEquals(1, lead.count());
    assertEquals(4.5, lead.sum(), 1e-9, "first span start to the health check's end");
    assertEquals(1, m.value("pipescope_factory_features_closed", "reason", "complete"));
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
  }

  @Test
  void failingDeployThenRootSpanEndIsAFailure() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "build").feature("F-1", "crud").result("success").at(0, 800).build(),
        stage(t, "deploy").feature("F-1", "crud").environment(PROD).attr("deployment.id", "d-1")
            .result("failure").at(1000, 4000).build());
    assertEquals(1, collect(aggregator).value("pipescope_factory_features_in_flight"), "open until its root ends");

    send(aggregator, root(t, "F-1").attr("factory.feature.type", "crud").at(0, 4200).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "failure"));
    assertEquals(1, m.sum("features_completed"));
    assertEquals(0, m.histogramCount("feature_lead_time_seconds"), "a failed feature has no lead time");
    assertEquals(2, m.sum("checker_runs"), "the root span is not a stage");
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
  }

  @Test
  void featureWithoutDeployIsAbandonedWhenItsRootSpanEnds() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "build").feature("F-1", "crud").result("success").at(0, 800).build(),
        root(t, "F-1").attr("factory.feature.type", "crud").at(0, 1000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "abandoned"));
    assertEquals(1, m.sum("features_completed"));
    assertEquals(0, m.histogramCount("feature_lead_time_seconds"));
  }

  @Test
  void featureWhoseLastRunOfAStageFailedIsAFailureAndOneThatPassedOnRetryIsNot() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString failed = traceId(1);
    send(aggregator, stage(failed, "unit_tests").feature("F-1", "crud").result("failure").at(0, 800).build(),
        root(failed, "F-1").at(0, 1000).build());
    ByteString retried = traceId(2);
    // The passing retry arrives first: the last run is the one that ended last.
    send(aggregator, stage(retried, "unit_tests").feature("F-2", "crud").result("success").at(900, 1500).build(),
        stage(retried, "unit_tests").feature("F-2", "crud").result("failure").at(0, 800).build(),
        root(retried, "F-2").at(0, 2000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "failure"));
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "abandoned"));
  }

  @Test
  void healthCheckDeliveredBeforeItsDeployStillClosesTheFeatureOnce() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator,
        stage(t, "health_check").feature("F-1", "crud").environment(PROD).result("success").at(4100, 4500).build());
    assertEquals(1, collect(aggregator).value("pipescope_factory_features_in_flight"), "no deploy seen yet");

    send(aggregator, stage(t, "schema_validation").feature("F-1", "crud").result("success").at(0, 800).build(),
        stage(t, "deploy").feature("F-1", "crud").environment(PROD).attr("deployment.id", "d-1")
            .result("success").at(1000, 4000).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.sum("features_completed"));
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "success"));
    assertEquals(1, m.value("pipescope_factory_features_closed", "reason", "complete"));
    assertEquals(4.5, m.histogram("feature_lead_time_seconds", "feature_type", "crud", "rework", "false").sum(), 1e-9);
    assertEquals(0, m.value("pipescope_factory_late_spans"));
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
  }

  @Test
  void spanArrivingAfterItsFeatureClosedIsLateButStillCountsPerChecker() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    ByteString t = traceId(1);
    send(aggregator, stage(t, "deploy").feature("F-1", "crud").environment(PROD).attr("deployment.id", "d-1")
            .result("success").at(1000, 4000).build(),
        stage(t, "health_check").feature("F-1", "crud").environment(PROD).result("success").at(4100, 4500).build());
    send(aggregator, stage(t, "notify").feature("F-1", "crud").result("success").at(4600, 4700).build());

    // The root span ends after the health check that completed the feature, as SDKs end it: not late.
    send(aggregator, root(t, "F-1").attr("factory.feature.type", "crud").at(0, 4800).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("pipescope_factory_late_spans"), "only the notify stage is late");
    assertEquals(1, m.value("checker_runs", "checker_name", "notify", "status", "success", "feature_type", "crud"));
    assertEquals(1, m.sum("features_completed"), "the late span does not reopen its feature");
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
  }

  @Test
  void idleFeaturesCloseAfterTheTimeout() {
    FactoryAggregator aggregator = aggregator(FactoryConfig.DEFAULTS);
    long timeout = FactoryConfig.DEFAULTS.featureIdleTimeout().toMillis();
    send(aggregator, stage(traceId(1), "build").feature("F-1", "crud").result("success").at(0, 800).build());
    clockMillis.addAndGet(timeout / 2);
    send(aggregator, stage(traceId(2), "build").feature("F-2", "crud").result("success").at(0, 800).build());

    clockMillis.addAndGet(timeout / 2 - 1);
    aggregator.closeIdleFeatures();
    assertEquals(0, collect(aggregator).value("pipescope_factory_features_closed", "reason", "idle"));

    clockMillis.addAndGet(1);
    aggregator.closeIdleFeatures();
    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("pipescope_factory_features_closed", "reason", "idle"));
    assertEquals(1, m.value("features_completed", "feature_type", "crud", "outcome", "abandoned"));
    assertEquals(1, m.value("pipescope_factory_features_in_flight"), "F-2 has been idle for half the timeout");

    clockMillis.addAndGet(timeout / 2);
    aggregator.closeIdleFeatures();
    m = collect(aggregator);
    assertEquals(2, m.value("pipescope_factory_features_closed", "reason", "idle"));
    assertEquals(2, m.sum("features_completed"));
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
  }

  @Test
  void traceCapEvictsTheLeastRecentlyUpdatedAndCountsIt() {
    FactoryAggregator aggregator = aggregator(config("", Map.of(), Map.of(), 2000, 128, 10));
    for (int i = 0; i < 10; i++) {
      clockMillis.addAndGet(1000);
      send(aggregator, stage(traceId(i), "build").result("success").at(0, 800).build());
    }
    clockMillis.addAndGet(1000);
    send(aggregator, stage(traceId(0), "lint").result("success").at(0, 800).build());
    clockMillis.addAndGet(1000);
    send(aggregator, stage(traceId(10), "build").result("success").at(0, 800).build());

    RecordingCollector m = collect(aggregator);
    assertEquals(10, m.value("pipescope_factory_features_in_flight"));
    assertEquals(1, m.value("pipescope_factory_features_closed", "reason", "evicted"));
    // Trace 1 was the least recently updated (trace 0 was touched again): its next span is late.
    send(aggregator, stage(traceId(0), "test").result("success").at(0, 800).build());
    assertEquals(0, collect(aggregator).value("pipescope_factory_late_spans"), "trace 0 is still open");
    send(aggregator, stage(traceId(1), "test").result("success").at(0, 800).build());
    assertEquals(1, collect(aggregator).value("pipescope_factory_late_spans"), "trace 1 was evicted");

    for (int i = 11; i < 25; i++) {
      clockMillis.addAndGet(1000);
      send(aggregator, stage(traceId(i), "build").result("success").at(0, 800).build());
      assertTrue(collect(aggregator).value("pipescope_factory_features_in_flight") <= 10);
    }

    m = collect(aggregator);
    double inFlight = m.value("pipescope_factory_features_in_flight");
    assertEquals(10, inFlight);
    assertEquals(15, m.value("pipescope_factory_features_closed", "reason", "evicted"));
    assertEquals(15, m.value("features_completed", "outcome", "abandoned"));
    assertEquals(25, m.sum("features_completed") + inFlight, "every feature is either counted or still open");
    assertEquals(28, m.sum("checker_runs"), "25 builds, 2 more runs in trace 0 and the late one in trace 1");
  }

  @Test
  void cardinalityOverflowGoesToTheOverflowSeries() {
    FactoryAggregator aggregator = aggregator(config("", Map.of(), Map.of(), 5, 128, 10_000));
    for (int i = 0; i < 8; i++) {
      send(aggregator, stage(traceId(1), "checker_" + i).result("success").at(0, 800).build());
    }
    send(aggregator, stage(traceId(1), "checker_7").result("success").at(1000, 1800).build());

    RecordingCollector m = collect(aggregator);
    Map<Labels, Double> runs = m.series("checker_runs");
    assertEquals(6, runs.size(), "five real series and the overflow series: " + runs.keySet());
    for (int i = 0; i < 5; i++) {
      assertEquals(1, m.value("checker_runs", "checker_name", "checker_" + i, "status", "success"));
    }
    assertEquals(4, m.value("checker_runs", "otel_metric_overflow", "true"), "checker_5, _6 and _7 twice");
    assertEquals(9, m.sum("checker_runs"), "totals stay exact");
    assertEquals(4, m.value("pipescope_factory_overflow_samples", "metric", "checker_runs"));
    assertEquals(4, m.value("pipescope_factory_overflow_samples", "metric", "checker_duration_seconds"));
    assertEquals(9, m.histogramCount("checker_duration_seconds"));
    assertEquals(0, m.value("pipescope_factory_overflow_samples", "metric", "deployments"));
  }

  @Test
  void labelValuesAreCut() {
    FactoryAggregator aggregator = aggregator(config("", Map.of(), Map.of("team", "team.name"), 2000, 8, 10_000));
    ByteString t = traceId(1);
    send(aggregator,
        stage(t, "schema_validation").feature("F-1", "integration").attr("team.name", "platform-engineering")
            .attr("cicd.pipeline.name", "factory").result("success").at(0, 800).build(),
        stage(t, "code_generation").attr("gen_ai.operation.name", "chat")
            .attr("gen_ai.request.model", "gpt-4o-2024-08-06").attr("gen_ai.usage.input_tokens", 10L)
            .result("success").at(900, 1000).build(),
        deploy(t, "production-eu-west", "success", 1100, 1200));

    RecordingCollector m = collect(aggregator);
    assertEquals(1, m.value("checker_runs", "checker_name", "schema_v", "status", "success", "feature_type", "integrat",
        "pipeline", "factory", "team", "platform"));
    assertEquals(1, m.value("code_generation_requests", "model", "gpt-4o-2", "status", "success"));
    assertEquals(1, m.value("deployments", "environment", "producti", "status", "success"));
  }

  private static FactoryConfig config(String namespace, Map<String, List<String>> aliases, Map<String, String> labels,
      int maxSeriesPerMetric, int maxLabelValueLength, int maxFeaturesInFlight) {
    FactoryConfig d = FactoryConfig.DEFAULTS;
    return new FactoryConfig(namespace, aliases, labels, d.stageNames(), maxSeriesPerMetric, maxLabelValueLength,
        maxFeaturesInFlight, Duration.ofMinutes(10), d.significantDigits(), d.durationBuckets(),
        d.leadTimeBuckets(), d.tokenBuckets(), d.timeToRestoreBuckets());
  }
}
