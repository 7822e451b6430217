package io.pipescope.store.spanlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanLogTest {
  @TempDir Path dir;

  private final List<String> consumed = new ArrayList<>();
  private final SpanConsumer recorder = batch -> batch.forEach(rs -> rs.getScopeSpansList()
      .forEach(ss -> ss.getSpansList().forEach(s -> consumed.add(s.getName()))));

  @Test
  void batchesAfterTheStoredCheckpointAreReplayedAndCoveredOnesAreNot() throws Exception {
    long checkpoint;
    try (SpanLog log = open(0)) {
      log.consume(batch("a"));
      log.consume(batch("b"));
      log.enter();
      checkpoint = checkpointOf(log);
      log.exit();
      log.afterCommit();
      log.consume(batch("c"));
    }
    assertEquals(2, checkpoint);
    assertEquals(List.of("a", "b", "c"), consumed, "consumed live");
    consumed.clear();
    try (SpanLog reopened = open(checkpoint)) {
      assertEquals(List.of("c"), consumed, "only the batch after the checkpoint is replayed");
      reopened.consume(batch("d"));
      assertEquals(4, checkpointOf(reopened), "numbering continues after the replayed batches");
    }
    consumed.clear();
    try (SpanLog again = open(0)) {
      // Covered batches stay while their segment is the current one; replay skips them by number.
      assertEquals(List.of("a", "b", "c", "d"), consumed, "nothing is lost from the current segment");
    }
  }

  private SpanLog open(long checkpoint) throws Exception {
    return SpanLog.open(dir, FsyncPolicy.ALWAYS, Duration.ofSeconds(1), recorder, checkpoint);
  }

  private static long checkpointOf(SpanLog log) {
    long[] value = {-1};
    log.collect(new MetricCollector() {
      @Override
      public void family(String name, MetricType type, String help) {}

      @Override
      public void sample(Labels labels, double v) {
        value[0] = (long) v;
      }

      @Override
      public void histogram(Labels labels, HistogramSnapshot histogram) {}
    });
    return value[0];
  }

  private static List<ResourceSpans> batch(String name) {
    byte[] id = new byte[16];
    id[0] = 1;
    return List.of(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(
        Span.newBuilder().setName(name).setTraceId(ByteString.copyFrom(id))
            .setSpanId(ByteString.copyFrom(new byte[] {1, 0, 0, 0, 0, 0, 0, 0})))).build());
  }
}
