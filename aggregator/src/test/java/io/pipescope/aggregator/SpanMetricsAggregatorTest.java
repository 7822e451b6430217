package io.pipescope.aggregator;

import static io.pipescope.aggregator.testing.RecordingCollector.bucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.pipescope.aggregator.metrics.BucketBounds;
import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import io.pipescope.aggregator.testing.RecordingCollector;

class SpanMetricsAggregatorTest {
  private static final long START = 1_700_000_000_000_000_000L;
  private static final long MILLI = 1_000_000L;

  private static SpanMetricsConfig config(int maxSeries, int maxLabelValueLength) {
    return new SpanMetricsConfig(BucketBounds.DEFAULT_DURATION_SECONDS, 2, maxSeries, maxLabelValueLength);
  }

  private static Span span(String name, SpanKind kind, StatusCode status, long durationNanos) {
    return Span.newBuilder()
        .setName(name)
        .setKind(kind)
        .setStatus(Status.newBuilder().setCode(status))
        .setStartTimeUnixNano(START)
        .setEndTimeUnixNano(START + durationNanos)
        .build();
  }

  private static Span server(String name, long durationNanos) {
    return span(name, SpanKind.SPAN_KIND_SERVER, StatusCode.STATUS_CODE_OK, durationNanos);
  }

  private static ResourceSpans service(String serviceName, Span... spans) {
    Resource resource = Resource.newBuilder()
        .addAttributes(KeyValue.newBuilder()
            .setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue(serviceName)))
        .build();
    return resourceSpans(resource, spans);
  }

  private static ResourceSpans resourceSpans(Resource resource, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
        .build();
  }

  private static Labels series(String service, String span, String kind, String status) {
    return Labels.of("service_name", service, "span_name", span, "span_kind", kind, "status_code", status);
  }

  private static Labels serverOk(String service, String span) {
    return series(service, span, "SPAN_KIND_SERVER", "STATUS_CODE_OK");
  }

  @Test
  void callsAreCountedPerServiceSpanNameKindAndStatus() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);

    aggregator.consume(List.of(
        service("cart",
            server("GET /cart", MILLI),
            server("GET /cart", MILLI),
            span("GET /cart", SpanKind.SPAN_KIND_SERVER, StatusCode.STATUS_CODE_ERROR, MILLI),
            span("GET /cart", SpanKind.SPAN_KIND_CLIENT, StatusCode.STATUS_CODE_UNSET, MILLI),
            span("db.query", SpanKind.SPAN_KIND_CLIENT, StatusCode.STATUS_CODE_UNSET, MILLI)),
        service("billing", server("GET /cart", MILLI))));
    aggregator.consume(List.of(service("cart", server("GET /cart", MILLI))));
    RecordingCollector collected = RecordingCollector.collect(aggregator);

    assertEquals(MetricType.COUNTER, collected.family("calls").type());
    assertEquals(
        Map.of(
            serverOk("cart", "GET /cart"), 3.0,
            series("cart", "GET /cart", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR"), 1.0,
            series("cart", "GET /cart", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET"), 1.0,
            series("cart", "db.query", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET"), 1.0,
            serverOk("billing", "GET /cart"), 1.0),
        collected.values("calls"));
    assertEquals(
        collected.family("calls").series().size(), collected.family("duration_seconds").histograms().size());
  }

  @Test
  void aResourceWithoutAStringServiceNameCountsAsUnknownService() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);
    Resource noAttributes = Resource.getDefaultInstance();
    Resource numericServiceName = Resource.newBuilder()
        .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setIntValue(7)))
        .addAttributes(KeyValue.newBuilder().setKey("host.name").setValue(AnyValue.newBuilder().setStringValue("h1")))
        .build();

    aggregator.consume(List.of(
        resourceSpans(noAttributes, server("GET /", MILLI)),
        resourceSpans(numericServiceName, server("GET /", MILLI))));

    assertEquals(
        Map.of(serverOk("unknown_service", "GET /"), 2.0),
        RecordingCollector.collect(aggregator).values("calls"));
  }

  @Test
  void unknownKindAndStatusValuesCountAsUnspecifiedAndUnset() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);
    Span fromTheFuture = server("GET /", MILLI).toBuilder()
        .setKindValue(42)
        .setStatus(Status.newBuilder().setCodeValue(9))
        .build();

    aggregator.consume(List.of(service("cart", fromTheFuture)));

    assertEquals(
        Map.of(series("cart", "GET /", "SPAN_KIND_UNSPECIFIED", "STATUS_CODE_UNSET"), 1.0),
        RecordingCollector.collect(aggregator).values("calls"));
  }

  @Test
  void durationBucketsAndSumComeFromStartAndEndTimes() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);

    aggregator.consume(List.of(service("cart",
        server("GET /cart", MILLI),
        server("GET /cart", 150 * MILLI),
        server("GET /cart", 2_000 * MILLI))));
    HistogramSnapshot h =
        RecordingCollector.collect(aggregator).histogram("duration_seconds", serverOk("cart", "GET /cart"));

    assertEquals(1, bucket(h, 0.002));
    assertEquals(1, bucket(h, 0.1));
    assertEquals(2, bucket(h, 0.2));
    assertEquals(2, bucket(h, 1.4));
    assertEquals(3, bucket(h, 2));
    assertEquals(3, bucket(h, Double.POSITIVE_INFINITY));
    assertEquals(3, h.count());
    assertEquals(2.151, h.sum(), 0.0);
  }

  @Test
  void aDurationExactlyOnABoundCountsInThatBucket() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);

    aggregator.consume(List.of(service("cart", server("GET /cart", 100 * MILLI))));
    HistogramSnapshot h =
        RecordingCollector.collect(aggregator).histogram("duration_seconds", serverOk("cart", "GET /cart"));

    assertEquals(0, bucket(h, 0.05));
    assertEquals(1, bucket(h, 0.1));
    assertEquals(0.1, h.sum(), 0.0);
  }

  @Test
  void aSeriesPastMaxSeriesGoesToTheOverflowSeriesAndIsCounted() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config(3, 256));

    aggregator.consume(List.of(service("cart",
        server("a", MILLI), server("b", MILLI), server("c", MILLI),
        server("d", 2 * MILLI), server("d", 2 * MILLI), server("a", MILLI))));
    RecordingCollector collected = RecordingCollector.collect(aggregator);

    assertEquals(
        Map.of(
            serverOk("cart", "a"), 2.0,
            serverOk("cart", "b"), 1.0,
            serverOk("cart", "c"), 1.0,
            Labels.of("otel_metric_overflow", "true"), 2.0),
        collected.values("calls"));
    assertEquals(2, aggregator.overflowSamples());
    HistogramSnapshot overflow = collected.histogram("duration_seconds", CardinalityLimit.OVERFLOW_LABELS);
    assertEquals(2, overflow.count());
    assertEquals(0.004, overflow.sum(), 1e-15);
    assertEquals(
        Map.of(Labels.of("metric", "calls"), 2.0),
        collected.values("pipescope_aggregator_overflow_samples"));
  }

  @Test
  void overLongLabelValuesAreCutAndNamesWithTheSamePrefixShareOneSeries() {
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config(100, 8));

    aggregator.consume(List.of(
        service("checkout-service", server("GET /items/1", MILLI), server("GET /items/2", MILLI)),
        service("checkout-svc", server("GET /items/3", MILLI)),
        service("cart", server("short", MILLI))));
    RecordingCollector collected = RecordingCollector.collect(aggregator);

    assertEquals(
        Map.of(
            serverOk("checkout", "GET /ite"), 3.0,
            serverOk("cart", "short"), 1.0),
        collected.values("calls"));
    for (String family : List.of("calls", "duration_seconds")) {
      List<Labels> series = collected.family(family).series();
      assertEquals(series.size(), new HashSet<>(series).size(), family + " repeats a label set: " + series);
      assertEquals(2, series.size(), family + ": " + series);
    }
  }

  @Test
  void writersRacingToCreateTheOnlyAllowedSeriesNeverOverflow() throws Exception {
    int threads = 8;
    List<ResourceSpans> batch = List.of(service("cart", server("GET /", MILLI)));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 500; round++) {
        SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config(1, 256));
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          writers.add(pool.submit(() -> {
            start.await();
            aggregator.consume(batch);
            return null;
          }));
        }
        for (Future<?> writer : writers) {
          writer.get(10, TimeUnit.SECONDS);
        }

        assertEquals(0, aggregator.overflowSamples(), "round " + round);
        assertEquals(
            Map.of(serverOk("cart", "GET /"), (double) threads),
            RecordingCollector.collect(aggregator).values("calls"),
            "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentWritersGiveExactTotals() throws Exception {
    int threads = 8;
    int spansPerThread = 10_000;
    String[] names = {"a", "b", "c", "d"};
    long[] durations = {125 * MILLI, 250 * MILLI, 500 * MILLI, 1_000 * MILLI};
    // As many series as the cap allows: racing creators of one series must not push others to overflow.
    SpanMetricsAggregator aggregator = new SpanMetricsAggregator(config(names.length, 256));
    List<List<ResourceSpans>> batches = new ArrayList<>();
    for (int b = 0; b < spansPerThread / 100; b++) {
      Span[] spans = new Span[100];
      for (int i = 0; i < spans.length; i++) {
        spans[i] = server(names[i % names.length], durations[i % names.length]);
      }
      batches.add(List.of(service("cart", spans)));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(pool.submit(() -> {
          start.await();
          batches.forEach(aggregator::consume);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RecordingCollector collected = RecordingCollector.collect(aggregator);

    long perSeries = (long) threads * spansPerThread / names.length;
    for (int i = 0; i < names.length; i++) {
      Labels labels = serverOk("cart", names[i]);
      assertEquals(perSeries, collected.values("calls").get(labels), names[i]);
      HistogramSnapshot h = collected.histogram("duration_seconds", labels);
      assertEquals(perSeries, h.count(), names[i]);
      assertEquals(perSeries * durations[i] / 1e9, h.sum(), 0.0, names[i]);
    }
    assertEquals(names.length, collected.values("calls").size());
    assertEquals(0, aggregator.overflowSamples());
    assertTrue(collected.family("calls").series().stream().noneMatch(l -> l.get("otel_metric_overflow") != null));
  }
}
