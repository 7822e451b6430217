package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.FactoryAggregator;
import io.pipescope.aggregator.FactoryConfig;
import io.pipescope.aggregator.storage.MetricsFlusher;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's dashboard queries, answered by the PromQL engine over what the factory aggregator
 * flushed into the store during eight simulated days of a factory: every test-coverage gate fails
 * its first attempt on complex features, build never fails, and stage durations are known.
 */
class SeedQueriesTest {
  private static final long DAY = 86_400_000L;
  private static final long T0 = 1_760_000_000_000L - Math.floorMod(1_760_000_000_000L, DAY);

  @TempDir Path dir;

  @Test
  void dashboardQueriesGiveTheRightValuesOnFactoryData() throws Exception {
    AtomicLong clock = new AtomicLong(T0);
    FactoryAggregator factory = new FactoryAggregator(FactoryConfig.DEFAULTS, clock::get);
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir))) {
      MetricsFlusher flusher = new MetricsFlusher(List.of(factory), store, Duration.ofSeconds(15), clock::get);
      int traceId = 0;
      for (int day = 0; day < 8; day++) {
        for (int f = 0; f < 4; f++) {
          boolean complex = f % 2 == 0;
          long start = T0 + day * DAY + f * 3_600_000L;
          factory.consume(feature(++traceId, complex ? "complex" : "crud", start, complex));
        }
        clock.set(T0 + day * DAY + 20 * 3_600_000L);
        flusher.flushNow();
      }
      PromqlEngine engine = new PromqlEngine();
      long at = T0 + 7 * DAY + 20 * 3_600_000L;

      // Rework and failure rate per checker over a week: half of test_coverage runs fail (complex
      // features fail once, then pass), build never fails.
      Map<String, Double> failureRate = byLabel(engine.instantQuery(store,
          "sum(rate(checker_failures_total[7d])) by (checker_name) / sum(rate(checker_runs_total[7d])) by (checker_name)",
          at).value(), "checker_name");
      assertEquals(0.0, failureRate.get("build"), 1e-12);
      assertEquals(1.0 / 3, failureRate.get("test_coverage"), 1e-9,
          "complex features run test_coverage twice (one failure), crud once: 1 of 3 runs fail");

      // A label filter: completed complex features over the week.
      Map<String, Double> complexDone = byLabel(engine.instantQuery(store,
          "sum by (outcome) (increase(features_completed_total{feature_type=\"complex\"}[7d]))", at).value(),
          "outcome");
      assertTrue(complexDone.get("success") > 0, complexDone.toString());

      // p95 stage duration: every build takes 90 s, so p95 lies in the (60, 120] bucket.
      Map<String, Double> p95 = byLabel(engine.instantQuery(store,
          "histogram_quantile(0.95, sum by (le, checker_name) (rate(checker_duration_seconds_bucket[7d])))",
          at).value(), "checker_name");
      assertTrue(p95.get("build") > 60 && p95.get("build") <= 120, "build p95 " + p95.get("build"));

      // Lead time with and without rework: complex features (with rework) take longer.
      Map<String, Double> leadTime = byLabel(engine.instantQuery(store,
          "sum by (rework) (rate(feature_lead_time_seconds_sum[7d])) / sum by (rework) (rate(feature_lead_time_seconds_count[7d]))",
          at).value(), "rework");
      assertEquals(30 * 60.0, leadTime.get("false"), 1e-6, "crud features are healthy 30 min after they start");
      assertTrue(leadTime.get("true") > leadTime.get("false"));
    }
  }

  private static Map<String, Double> byLabel(Object value, String label) {
    Map<String, Double> out = new HashMap<>();
    for (Sample s : (Vector) value) {
      out.put(s.labels().get(label), s.v());
    }
    return out;
  }

  /**
   * One feature: build (90 s), test_coverage (60 s; on complex features a failed first attempt and
   * a passing second), a production deploy and a passing health check, ending 30 min after the
   * start for crud features.
   */
  private static List<ResourceSpans> feature(int id, String type, long startMillis, boolean rework) {
    List<Span> spans = new ArrayList<>();
    long t = startMillis;
    spans.add(stage(id, 1, "build", t, t + 90_000, "success", 1));
    t += 90_000;
    if (rework) {
      spans.add(stage(id, 2, "test_coverage", t, t + 60_000, "failure", 1));
      t += 10 * 60_000;
    }
    spans.add(stage(id, 3, "test_coverage", t, t + 60_000, "success", rework ? 2 : 1));
    long deployStart = startMillis + 20 * 60_000 + (rework ? 10 * 60_000 : 0);
    spans.add(stage(id, 4, "deploy", deployStart, deployStart + 5 * 60_000, "success", 1).toBuilder()
        .addAttributes(attr("deployment.environment.name", "production")).build());
    long healthEnd = startMillis + 30 * 60_000 + (rework ? 10 * 60_000 : 0);
    spans.add(stage(id, 5, "health_check", healthEnd - 60_000, healthEnd, "success", 1).toBuilder()
        .addAttributes(attr("deployment.environment.name", "production")).build());
    return List.of(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder()
            .addAttributes(attr("factory.feature.id", "F-" + id))
            .addAttributes(attr("factory.feature.type", type)))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
        .build());
  }

  private static Span stage(int trace, int span, String checker, long startMillis, long endMillis, String result,
      int attempt) {
    byte[] traceId = new byte[16];
    traceId[0] = 1;
    traceId[15] = (byte) trace;
    traceId[14] = (byte) (trace >> 8);
    byte[] spanId = new byte[8];
    spanId[0] = 1;
    spanId[7] = (byte) span;
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
        .setParentSpanId(ByteString.copyFrom(new byte[] {1, 1, 1, 1, 1, 1, 1, 1}))
        .setName(checker)
        .setStartTimeUnixNano(startMillis * 1_000_000L).setEndTimeUnixNano(endMillis * 1_000_000L)
        .addAttributes(attr("cicd.pipeline.task.name", checker))
        .addAttributes(attr("cicd.pipeline.task.run.result", result))
        .addAttributes(KeyValue.newBuilder().setKey("factory.attempt")
            .setValue(AnyValue.newBuilder().setIntValue(attempt)))
        .build();
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
