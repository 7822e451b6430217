package io.pipescope.aggregator;

import static io.pipescope.aggregator.testing.FactorySpans.request;
import static io.pipescope.aggregator.testing.FactorySpans.stage;
import static io.pipescope.aggregator.testing.FactorySpans.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.testing.RecordingCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads send whole walk-through features at once, into shared series and one shared
 * environment; some features arrive in two batches (in order, health check first, or interleaved
 * with the next feature). Every total must come out exact.
 */
class FactoryAggregatorConcurrencyTest {
  private static final int THREADS = 8;
  private static final int FEATURES_PER_THREAD = 500;
  private static final int FEATURES = THREADS * FEATURES_PER_THREAD;
  private static final long TOKENS = 1250;
  /** First span start to the health check's end in {@link #walkThrough}. */
  private static final double LEAD_TIME_SECONDS = 27.8;
  private static final List<KeyValue> RESOURCE = List.of(KeyValue.newBuilder().setKey("cicd.pipeline.name")
      .setValue(AnyValue.newBuilder().setStringValue("factory-main")).build());

  /** The seed's walk-through: eight stage runs, test coverage failing once and passing on attempt 2. */
  private static List<Span> walkThrough(ByteString t, String id) {
    return List.of(
        stage(t, "schema_validation").feature(id, "crud").result("success").attempt(1).at(0, 800).build(),
        stage(t, "code_generation").feature(id, "crud").result("success").attempt(1)
            .attr("gen_ai.operation.name", "chat").attr("gen_ai.request.model", "gpt-4o")
            .attr("gen_ai.usage.input_tokens", 1000L).attr("gen_ai.usage.output_tokens", TOKENS - 1000)
            .at(900, 5100).build(),
        stage(t, "build").feature(id, "crud").result("success").attempt(1).at(5200, 7300).build(),
        stage(t, "test_coverage").feature(id, "crud").result("failure").attempt(1).at(7400, 13_700).build(),
        stage(t, "test_coverage").feature(id, "crud").result("success").attempt(2).at(13_900, 22_000).build(),
        stage(t, "security_scan").feature(id, "crud").result("success").attempt(1)
            .attr("factory.security.findings", 0L).at(22_100, 24_000).build(),
        stage(t, "deploy").feature(id, "crud").result("success").attempt(1).environment("production")
            .attr("deployment.id", "deploy-" + id).at(24_100, 27_300).build(),
        stage(t, "health_check").feature(id, "crud").result("success").attempt(1).environment("production")
            .attr("latency_ms", 145L).at(27_400, 27_800).build());
  }

  @Test
  void concurrentFeaturesGiveExactTotals() throws Exception {
    FactoryAggregator aggregator = new FactoryAggregator(FactoryConfig.DEFAULTS, () -> 1_000_000L);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int thread = 0; thread < THREADS; thread++) {
        int first = thread * FEATURES_PER_THREAD;
        senders.add(pool.submit(() -> {
          start.await();
          sendFeatures(aggregator, first, FEATURES_PER_THREAD);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> sender : senders) {
        sender.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    RecordingCollector m = RecordingCollector.collect(aggregator);
    for (String checker : List.of("schema_validation", "code_generation", "build", "security_scan", "deploy",
        "health_check")) {
      assertEquals(FEATURES, m.sum("checker_runs", "checker_name", checker), checker);
    }
    assertEquals(2 * FEATURES, m.sum("checker_runs", "checker_name", "test_coverage"));
    assertEquals(8 * FEATURES, m.sum("checker_runs"));
    assertEquals(FEATURES, m.value("checker_failures", "checker_name", "test_coverage", "feature_type", "crud",
        "pipeline", "factory-main"));
    assertEquals(FEATURES, m.value("checker_rework", "checker_name", "test_coverage", "feature_type", "crud",
        "pipeline", "factory-main"));
    assertEquals(FEATURES, m.sum("checker_rework"), "only test coverage is reworked");

    assertEquals(FEATURES, m.value("features_completed", "feature_type", "crud", "outcome", "success"));
    assertEquals(FEATURES, m.sum("features_completed"));
    assertEquals(FEATURES, m.histogram("feature_lead_time_seconds", "feature_type", "crud", "rework", "true").count());
    assertEquals(FEATURES * LEAD_TIME_SECONDS, m.histogramSum("feature_lead_time_seconds"), 1e-6 * FEATURES);
    assertEquals(FEATURES, m.histogram("feature_cost_tokens", "feature_type", "crud").count());
    assertEquals(FEATURES * TOKENS, m.histogram("feature_cost_tokens", "feature_type", "crud").sum());
    assertEquals(FEATURES, m.histogram("feature_rework_stages", "feature_type", "crud").sum());
    assertEquals(FEATURES * TOKENS, m.sum("code_generation_tokens", "model", "gpt-4o"));

    assertEquals(FEATURES, m.value("deployments", "environment", "production", "status", "success"));
    assertEquals(FEATURES, m.sum("deployments"));
    assertEquals(FEATURES, m.value("health_checks", "environment", "production", "status", "success"));
    assertEquals(0, m.sum("change_failures"));
    assertEquals(1, m.value("service_up", "environment", "production"));

    assertEquals(0, m.value("pipescope_factory_late_spans"));
    assertEquals(0, m.value("pipescope_factory_features_in_flight"));
    assertEquals(FEATURES, m.value("pipescope_factory_features_closed", "reason", "complete"));
    assertEquals(0, m.sum("pipescope_factory_overflow_samples"));
  }

  /**
   * One thread sends each feature's deploy and health check (which close it) while another sends
   * its code generation span at the same moment: that span must land in the feature or be counted
   * late, never neither, and must not open a second feature for a trace just closed. The race is
   * narrow, so it is run many times.
   */
  @Test
  void spanRacingItsFeaturesCloseIsCountedInTheFeatureOrAsLate() throws Exception {
    int features = 50_000;
    FactoryAggregator aggregator = new FactoryAggregator(FactoryConfig.DEFAULTS, () -> 1_000_000L);
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> closer = pool.submit(() -> {
        for (int i = 0; i < features; i++) {
          ByteString t = traceId(i);
          List<Span> spans = List.of(
              stage(t, "deploy").feature("F-" + i, "crud").environment("production").attr("deployment.id", "d")
                  .result("success").at(100, 200).build(),
              stage(t, "health_check").feature("F-" + i, "crud").environment("production").result("success")
                  .at(300, 400).build());
          together.await();
          send(aggregator, spans);
        }
        return null;
      });
      Future<?> racer = pool.submit(() -> {
        for (int i = 0; i < features; i++) {
          List<Span> spans = List.of(stage(traceId(i), "code_generation").feature("F-" + i, "crud")
              .attr("gen_ai.operation.name", "chat").attr("tokens_used", TOKENS)
              .result("success").at(0, 50).build());
          together.await();
          send(aggregator, spans);
        }
        return null;
      });
      closer.get(60, TimeUnit.SECONDS);
      racer.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    RecordingCollector m = RecordingCollector.collect(aggregator);
    double late = m.value("pipescope_factory_late_spans");
    double inFeatures = m.histogramSum("feature_cost_tokens") / TOKENS;
    assertEquals(features, late + inFeatures, "code generation spans late (" + late + ") or in their feature ("
        + inFeatures + ")");
    assertEquals(0, m.value("pipescope_factory_features_in_flight"), "no trace reopened after it closed");
    assertEquals(features, m.sum("features_completed"));
    assertEquals(features, m.sum("checker_runs", "checker_name", "code_generation"));
  }

  /**
   * Sends features {@code first .. first + count - 1}. By feature number: all eight spans in one
   * batch; split in two consecutive batches; the health check alone first, then the rest; or the
   * first part alone and the rest in the same batch as the next feature.
   */
  private static void sendFeatures(FactoryAggregator aggregator, int first, int count) {
    List<Span> carried = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      List<Span> spans = walkThrough(traceId(i), "FEAT-" + i);
      int cut = 1 + (i / 4) % 7;
      List<List<Span>> batches = new ArrayList<>();
      switch (i % 4) {
        case 0 -> batches.add(spans);
        case 1 -> {
          batches.add(spans.subList(0, cut));
          batches.add(spans.subList(cut, 8));
        }
        case 2 -> {
          batches.add(spans.subList(7, 8));
          batches.add(spans.subList(0, 7));
        }
        default -> batches.add(spans.subList(0, cut));
      }
      List<Span> firstBatch = new ArrayList<>(carried);
      firstBatch.addAll(batches.get(0));
      batches.set(0, firstBatch);
      carried = i % 4 == 3 ? new ArrayList<>(spans.subList(cut, 8)) : new ArrayList<>();
      for (List<Span> batch : batches) {
        send(aggregator, batch);
      }
    }
    if (!carried.isEmpty()) {
      send(aggregator, carried);
    }
  }

  private static void send(FactoryAggregator aggregator, List<Span> spans) {
    aggregator.consume(request(RESOURCE, spans.toArray(new Span[0])).getResourceSpansList());
  }
}
