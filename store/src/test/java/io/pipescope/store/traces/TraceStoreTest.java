package io.pipescope.store.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {
  private static final long SEC = 1_000_000_000L;
  private static final long T0 = 1_764_000_000L * SEC;

  @TempDir
  Path dir;

  private TraceStore store;
  private long nowMillis = T0 / 1_000_000;
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(nowMillis);
    }
  };

  @AfterEach
  void close() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  private TraceStore open(TraceStoreOptions options) throws IOException {
    store = TraceStore.open(options, clock);
    return store;
  }

  private TraceStoreOptions options() {
    return TraceStoreOptions.defaults(dir);
  }

  static String traceId(int n) {
    return String.format("%032x", n);
  }

  private static KeyValue attr(String k, Object v) {
    AnyValue.Builder value = AnyValue.newBuilder();
    if (v instanceof Long l) {
      value.setIntValue(l);
    } else {
      value.setStringValue(v.toString());
    }
    return KeyValue.newBuilder().setKey(k).setValue(value).build();
  }

  /** A stage span of feature trace {@code trace}: checker, attempt and result as the contract names them. */
  static Span stage(int trace, int spanNo, String checker, long attempt, String result, long startNanos, long nanos) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId(trace))))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(String.format("%016x", trace * 100L + spanNo))))
        .setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(String.format("%016x", trace * 100L))))
        .setName(checker).setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + nanos)
        .addAttributes(attr("cicd.pipeline.task.name", checker))
        .addAttributes(attr("factory.attempt", attempt))
        .addAttributes(attr("cicd.pipeline.task.run.result", result))
        .setStatus(Status.newBuilder().setCode(result.equals("failure")
            ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_OK))
        .build();
  }

  static Span root(int trace, long startNanos, long nanos) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId(trace))))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(String.format("%016x", trace * 100L))))
        .setName("feature").setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + nanos).build();
  }

  static ResourceSpans feature(String featureId, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name", "factory"))
            .addAttributes(attr("factory.feature.id", featureId)))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
        .build();
  }

  private static int spanCount(TracesData t) {
    return t.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
        .mapToInt(ScopeSpans::getSpansCount).sum();
  }

  @Test
  void traceIsFetchedWholeFromBatchesThatArrivedApart() throws IOException {
    open(options());
    store.consume(List.of(feature("FEAT-1", stage(1, 1, "build", 1, "success", T0, 5 * SEC)),
        feature("FEAT-2", stage(2, 1, "build", 1, "success", T0, SEC))));
    store.consume(List.of(feature("FEAT-1", root(1, T0, 60 * SEC), stage(1, 2, "deploy", 1, "success", T0 + 10 * SEC, SEC))));
    TracesData t = store.trace(traceId(1)).orElseThrow();
    assertEquals(3, spanCount(t));
    assertEquals(2, t.getResourceSpansCount(), "two records, resource kept on each");
    assertEquals("FEAT-1", t.getResourceSpans(0).getResource().getAttributes(1).getValue().getStringValue());
    assertTrue(store.trace(traceId(3)).isEmpty());
    assertTrue(store.trace(traceId(1).toUpperCase()).isPresent(), "ids in any case");
  }

  @Test
  void traceFetchedFromAResourceSharedWithOtherTracesHasOnlyItsOwnSpans() throws IOException {
    open(options());
    store.consume(List.of(feature("FEAT-1", root(1, T0, SEC), root(2, T0, SEC),
        stage(2, 1, "build", 1, "success", T0, SEC))));
    TracesData one = store.trace(traceId(1)).orElseThrow();
    assertEquals(1, spanCount(one));
    assertEquals(2, spanCount(store.trace(traceId(2)).orElseThrow()));
  }

  @Test
  void replayedBatchIsServedOnce() throws IOException {
    open(options());
    ResourceSpans batch = feature("FEAT-1", root(1, T0, 60 * SEC), stage(1, 1, "build", 1, "success", T0, SEC));
    store.consume(List.of(batch));
    store.consume(List.of(batch));
    assertEquals(2, spanCount(store.trace(traceId(1)).orElseThrow()));
    assertEquals(1, store.search(new TraceSearch(Map.of("name", "build"), 0, 0, 0, 0, 10)).get(0).matchedCount());
  }

  @Test
  void tagsMustAllHoldOnOneSpan() throws IOException {
    open(options());
    // Feature 1: test_coverage failed on attempt 1. Feature 2: test_coverage failed only on attempt 2,
    // and another checker failed on attempt 1 — it must not match.
    store.consume(List.of(
        feature("FEAT-1", root(1, T0, 100 * SEC), stage(1, 1, "test_coverage", 1, "failure", T0, SEC),
            stage(1, 2, "test_coverage", 2, "success", T0 + 5 * SEC, SEC)),
        feature("FEAT-2", root(2, T0 + SEC, 100 * SEC), stage(2, 1, "test_coverage", 1, "success", T0, SEC),
            stage(2, 2, "test_coverage", 2, "failure", T0 + 5 * SEC, SEC),
            stage(2, 3, "security_scan", 1, "failure", T0 + 9 * SEC, SEC))));
    List<TraceMatch> found = store.search(new TraceSearch(Map.of("cicd.pipeline.task.name", "test_coverage",
        "cicd.pipeline.task.run.result", "failure", "factory.attempt", "1"), 0, 0, 0, 0, 20));
    assertEquals(1, found.size());
    TraceMatch m = found.get(0);
    assertEquals(traceId(1), m.traceId());
    assertEquals("factory", m.rootServiceName());
    assertEquals("feature", m.rootTraceName());
    assertEquals(Map.of("service.name", "factory", "factory.feature.id", "FEAT-1"), m.rootAttributes());
    assertEquals(100 * SEC, m.durationNanos());
    assertEquals(1, m.matchedCount());
    assertEquals("test_coverage", m.matchedSpans().get(0).name());
    assertEquals(2, store.search(new TraceSearch(Map.of("status", "error"), 0, 0, 0, 0, 20)).size());
    assertEquals(1, store.search(new TraceSearch(Map.of("factory.feature.id", "FEAT-2"), 0, 0, 0, 0, 20)).size());
    assertEquals(0, store.search(new TraceSearch(Map.of("service.name", "other"), 0, 0, 0, 0, 20)).size());
  }

  @Test
  void traceWhoseRootHasNotArrivedIsNamedByItsEarliestSpan() throws IOException {
    open(options());
    store.consume(List.of(feature("FEAT-7", stage(7, 2, "build", 1, "success", T0 + SEC, SEC),
        stage(7, 1, "schema_validation", 1, "success", T0, SEC))));
    TraceMatch m = store.search(new TraceSearch(Map.of(), 0, 0, 0, 0, 10)).get(0);
    assertEquals("schema_validation", m.rootTraceName());
    assertEquals("FEAT-7", m.rootAttributes().get("factory.feature.id"));
    assertEquals("1", m.rootAttributes().get("factory.attempt"));
  }

  @Test
  void searchFiltersByTimeAndDurationAndListsNewestFirst() throws IOException {
    open(options());
    for (int i = 1; i <= 5; i++) {
      store.consume(List.of(feature("FEAT-" + i, root(i, T0 + i * 100 * SEC, i * 10 * SEC))));
    }
    List<TraceMatch> all = store.search(new TraceSearch(Map.of(), 0, 0, 0, 0, 3));
    assertEquals(List.of(traceId(5), traceId(4), traceId(3)), all.stream().map(TraceMatch::traceId).toList());
    assertEquals(List.of(traceId(3), traceId(2)), store.search(new TraceSearch(Map.of(), 15 * SEC, 35 * SEC, 0, 0, 10))
        .stream().map(TraceMatch::traceId).toList());
    assertEquals(List.of(traceId(2)), store.search(new TraceSearch(Map.of(), 0, 0, T0 + 200 * SEC, T0 + 250 * SEC,
        10)).stream().map(TraceMatch::traceId).toList());
  }

  @Test
  void reopenedStoreIndexesItsSegmentsAndCutsATornTail() throws IOException {
    open(options());
    store.consume(List.of(feature("FEAT-1", root(1, T0, SEC), stage(1, 1, "build", 1, "success", T0, SEC))));
    store.consume(List.of(feature("FEAT-2", root(2, T0, SEC))));
    store.close();
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".spans")).findFirst().orElseThrow();
    }
    long intact = Files.size(segment);
    Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);

    open(options());
    assertEquals(2, spanCount(store.trace(traceId(1)).orElseThrow()));
    assertTrue(store.trace(traceId(2)).isPresent());
    assertEquals(intact, Files.size(segment), "torn record cut off");
    store.consume(List.of(feature("FEAT-3", root(3, T0, SEC))));
    assertTrue(store.trace(traceId(3)).isPresent(), "writes continue in a new segment");
  }

  @Test
  void oldSegmentsGoByAgeAndSizeWithTheirTraces() throws IOException {
    open(new TraceStoreOptions(dir, Duration.ofHours(2), 0, 1 << 20, Duration.ofHours(1),
        TraceStoreOptions.CONTRACT_ATTRIBUTES));
    store.consume(List.of(feature("FEAT-1", root(1, T0, SEC))));
    nowMillis += Duration.ofMinutes(70).toMillis();
    store.consume(List.of(feature("FEAT-2", root(2, T0, SEC))));
    nowMillis += Duration.ofMinutes(70).toMillis();
    store.consume(List.of(feature("FEAT-3", root(3, T0, SEC))));
    assertFalse(store.trace(traceId(1)).isPresent(), "its segment was last written 140 min ago: past the 2 h");
    assertTrue(store.trace(traceId(2)).isPresent(), "last written 70 min ago");
    nowMillis += Duration.ofMinutes(70).toMillis();
    store.consume(List.of(feature("FEAT-4", root(4, T0, SEC))));
    assertFalse(store.trace(traceId(2)).isPresent());
    assertEquals(List.of(traceId(4), traceId(3)), store.search(new TraceSearch(Map.of(), 0, 0, 0, 0, 10)).stream()
        .map(TraceMatch::traceId).sorted(java.util.Comparator.reverseOrder()).toList());

    store.close();
    open(new TraceStoreOptions(dir, Duration.ofDays(1), 1, 1 << 20, Duration.ofHours(1),
        TraceStoreOptions.CONTRACT_ATTRIBUTES));
    store.consume(List.of(feature("FEAT-5", root(5, T0, SEC))));
    assertEquals(List.of(traceId(5)), store.search(new TraceSearch(Map.of(), 0, 0, 0, 0, 10)).stream()
        .map(TraceMatch::traceId).toList(), "over the size limit: all but the segment being written deleted");
  }

  @Test
  void tagNamesAndValuesListWhatIsIndexed() throws IOException {
    open(options());
    store.consume(List.of(feature("FEAT-1", root(1, T0, SEC), stage(1, 1, "test_coverage", 1, "failure", T0, SEC),
        stage(1, 2, "build", 1, "success", T0, SEC))));
    Set<String> names = store.tagNames();
    assertTrue(names.containsAll(Set.of("name", "status", "service.name", "cicd.pipeline.task.name",
        "factory.feature.id", "factory.attempt")), names.toString());
    assertEquals(Set.of("build", "test_coverage"), store.tagValues("cicd.pipeline.task.name", 100));
    assertEquals(Set.of("build", "feature", "test_coverage"), store.tagValues("name", 100));
    assertEquals(Set.of("factory"), store.tagValues("service.name", 100));
    assertEquals(1, store.tagValues("name", 1).size());
  }
}
