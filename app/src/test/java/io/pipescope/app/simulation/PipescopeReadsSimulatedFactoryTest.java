package io.pipescope.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RunningPipescope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three days of a simulated factory, sent feature by feature to a real pipescope: every factory
 * metric pipescope derives (per-checker runs, failures and rework; tokens by model; deploys,
 * health checks and findings; features, lead time and cost; change failures and time to restore)
 * equals what the simulator says it did. So pipescope understands every part of what it sends.
 */
class PipescopeReadsSimulatedFactoryTest {
  private static final long SEED = 8L;
  private static final long FROM = nanos("2026-03-02T00:00:00Z"); // a Monday
  private static final long UNTIL = nanos("2026-03-05T00:00:00Z");

  /** Metric name and labels (name=value, in the order given) to the expected value. */
  private final Map<String, Double> expected = new TreeMap<>();

  @Test
  void everyFactoryMetricMatchesWhatTheSimulatorDid() throws Exception {
    List<SimulatedFeature> features = new ArrayList<>();
    Iterator<SimulatedFeature> it = new FactorySimulator(SEED).featuresBetween(FROM, UNTIL);
    it.forEachRemaining(features::add);
    assertTrue(features.size() > 300, "three days should bring a few hundred features, got " + features.size());
    features.forEach(this::expect);
    assertSimulationCoversEveryCase(features);

    try (RunningPipescope server = RunningPipescope.start()) {
      ManagedChannel channel = ManagedChannelBuilder
          .forTarget("127.0.0.1:" + server.pipescope().grpcAddress().getPort()).usePlaintext().build();
      try {
        TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
        for (SimulatedFeature feature : features) {
          ExportTraceServiceResponse response =
              stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(feature.toRequest());
          assertEquals(0, response.getPartialSuccess().getRejectedSpans(), response.toString());
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      MetricsPage page = server.scrape();
      for (Map.Entry<String, Double> e : expected.entrySet()) {
        String[] parts = e.getKey().split("\\|");
        String[] labels = java.util.Arrays.copyOfRange(parts, 1, parts.length);
        double actual = page.value(parts[0], labels);
        double tolerance = parts[0].endsWith("_sum") ? 1e-9 * Math.max(1, Math.abs(e.getValue())) : 0;
        assertEquals(e.getValue(), actual, tolerance, e.getKey());
      }
      // Nothing beyond the expected series: the totals match too.
      for (String metric : List.of("checker_runs_total", "checker_failures_total", "checker_rework_total",
          "code_generation_requests_total", "code_generation_tokens_total", "deployments_total", "health_checks_total",
          "security_findings_total", "features_completed_total", "feature_lead_time_seconds_count",
          "change_failures_total", "time_to_restore_seconds_count")) {
        assertEquals(expectedTotal(metric), page.sum(metric), metric + " summed over all series");
      }
      long spans = features.stream().mapToLong(f -> f.spans().size()).sum();
      assertEquals(spans, page.sum("pipescope_ingest_spans_accepted_total"));
      assertEquals(spans, page.sum("calls_total"));
      assertEquals(features.size(), page.value("pipescope_factory_features_closed_total", "reason", "complete"),
          "every feature is recognised as complete, none closed idle or evicted");
      assertEquals(0, page.value("pipescope_factory_features_in_flight"));
    }
  }

  private void expect(SimulatedFeature f) {
    String type = f.type().label();
    for (StageRun run : f.runs()) {
      String checker = run.stage().checkerName();
      String status = run.passed() ? "success" : "failure";
      add(1, "checker_runs_total", "checker_name", checker, "status", status, "feature_type", type,
          "pipeline", f.pipeline());
      add(run.passed() ? 0 : 1, "checker_failures_total", "checker_name", checker, "feature_type", type,
          "pipeline", f.pipeline());
      add(run.rework() ? 1 : 0, "checker_rework_total", "checker_name", checker, "feature_type", type,
          "pipeline", f.pipeline());
      switch (run.stage()) {
        case CODE_GENERATION -> {
          String model = run.model().modelName();
          add(1, "code_generation_requests_total", "model", model, "status", status);
          add(run.inputTokens(), "code_generation_tokens_total", "model", model, "token_type", "input");
          add(run.outputTokens(), "code_generation_tokens_total", "model", model, "token_type", "output");
        }
        case DEPLOY, ROLLBACK -> add(1, "deployments_total", "environment", run.environment(), "status", status);
        case HEALTH_CHECK -> {
          add(1, "health_checks_total", "environment", run.environment(), "status", status);
          add(run.latencyMillis() / 1000.0, "health_check_latency_seconds_sum", "environment", run.environment());
        }
        case SECURITY_SCAN -> {
          Findings found = run.findings();
          add(found.critical(), "security_findings_total", "severity", "critical");
          add(found.high(), "security_findings_total", "severity", "high");
          add(found.medium(), "security_findings_total", "severity", "medium");
          add(found.low(), "security_findings_total", "severity", "low");
        }
        default -> { }
      }
    }
    add(1, "features_completed_total", "feature_type", type, "outcome", f.outcome().label());
    add(f.tokens(), "feature_cost_tokens_sum", "feature_type", type);
    if (f.leadTimeNanos() >= 0) {
      String rework = Boolean.toString(f.reworked());
      add(1, "feature_lead_time_seconds_count", "feature_type", type, "rework", rework);
      add(f.leadTimeNanos() / 1e9, "feature_lead_time_seconds_sum", "feature_type", type, "rework", rework);
    }
    if (f.changeFailure()) {
      add(1, "change_failures_total", "environment", f.environment());
      add(1, "time_to_restore_seconds_count", "environment", f.environment());
      add(f.restoreNanos() / 1e9, "time_to_restore_seconds_sum", "environment", f.environment());
    }
  }

  /** The simulation is only a proof if it produced each case: rework, failures, incidents, findings. */
  private void assertSimulationCoversEveryCase(List<SimulatedFeature> features) {
    for (String checker : List.of("architectural_consistency", "test_coverage", "code_generation")) {
      assertTrue(expectedMatching("checker_rework_total", "checker_name=" + checker) > 0, checker + " reworked");
    }
    assertTrue(features.stream().anyMatch(SimulatedFeature::changeFailure), "an incident");
    assertTrue(expectedMatching("code_generation_requests_total", "status=failure") > 0, "a failed LLM call");
    assertTrue(expectedMatching("deployments_total", "status=failure") > 0, "a failed deploy");
    assertTrue(expectedMatching("security_findings_total", "severity=critical") > 0, "a critical finding");
    for (FeatureType type : FeatureType.values()) {
      assertTrue(expectedMatching("features_completed_total", "feature_type=" + type.label()) > 0, type.label());
    }
  }

  private void add(double value, String metric, String... labels) {
    StringBuilder key = new StringBuilder(metric);
    for (String part : labels) {
      key.append('|').append(part);
    }
    expected.merge(key.toString(), value, Double::sum);
  }

  private double expectedTotal(String metric) {
    return expectedMatching(metric);
  }

  /** Sum of expected values of {@code metric} whose labels contain every {@code name=value} given. */
  private double expectedMatching(String metric, String... pairs) {
    double total = 0;
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      String[] parts = e.getKey().split("\\|");
      if (!parts[0].equals(metric)) {
        continue;
      }
      boolean all = true;
      for (String pair : pairs) {
        String[] nv = pair.split("=", 2);
        boolean found = false;
        for (int i = 1; i + 1 < parts.length; i += 2) {
          found |= parts[i].equals(nv[0]) && parts[i + 1].equals(nv[1]);
        }
        all &= found;
      }
      if (all) {
        total += e.getValue();
      }
    }
    return total;
  }

  private static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
