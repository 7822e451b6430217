package io.pipescope.aggregator;

import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.CUMULATIVE;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.DELTA;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.attr;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.gauge;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.histogram;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.histogramPoint;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.point;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.request;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.resource;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.resourceMetrics;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.OtlpMetricsTranslator.Result;
import io.pipescope.aggregator.internal.otlpmetrics.InMemoryAppendable;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsTranslatorTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T = 1_700_000_000L * SECOND;
  private static final long T_MS = 1_700_000_000_000L;

  private final OtlpMetricsTranslator translator = new OtlpMetricsTranslator(OtlpMetricsConfig.DEFAULTS);
  private final InMemoryAppendable store = new InMemoryAppendable();

  /**
   * The OTLP spec's examples/metrics.json (open-telemetry/opentelemetry-proto@c8ab5d6), built field
   * by field: protobuf-java-util (JsonFormat) is not on the aggregator's test classpath.
   */
  private static ExportMetricsServiceRequest specExample() {
    long time = 1544712660300000000L;
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(resource("service.name", "my.service"))
        .addScopeMetrics(ScopeMetrics.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("my.library").setVersion("1.0.0")
                .addAttributes(attr("my.scope.attribute", "some scope attribute")))
            .addMetrics(Metric.newBuilder().setName("my.counter").setUnit("1").setDescription("I am a Counter")
                .setSum(Sum.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.forNumber(1))
                    .setIsMonotonic(true)
                    .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(5)
                        .setStartTimeUnixNano(time).setTimeUnixNano(time)
                        .addAttributes(attr("my.counter.attr", "some value")))))
            .addMetrics(Metric.newBuilder().setName("my.gauge").setUnit("1").setDescription("I am a Gauge")
                .setGauge(Gauge.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(10).setTimeUnixNano(time)
                        .addAttributes(attr("my.gauge.attr", "some value")))))
            .addMetrics(Metric.newBuilder().setName("my.histogram").setUnit("1").setDescription("I am a Histogram")
                .setHistogram(Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.forNumber(1))
                    .addDataPoints(HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(time).setTimeUnixNano(time)
                        .setCount(2).setSum(2).addBucketCounts(1).addBucketCounts(1).addExplicitBounds(1)
                        .setMin(0).setMax(2)
                        .addAttributes(attr("my.histogram.attr", "some value")))))))
        .build();
  }

  @Test
  void theSpecExampleBecomesTheseSeries() throws IOException {
    // The example's sum and histogram are DELTA (temporality 1), which Prometheus 3 refuses by
    // default; as the first points of their series they are their own running totals.
    Result result = translator.translate(specExample(), store);

    assertEquals(List.of(
        "my_counter_total{job=\"my.service\",my_counter_attr=\"some value\"} 5 1544712660300",
        "my_gauge_ratio{job=\"my.service\",my_gauge_attr=\"some value\"} 10 1544712660300",
        "my_histogram_sum{job=\"my.service\",my_histogram_attr=\"some value\"} 2 1544712660300",
        "my_histogram_count{job=\"my.service\",my_histogram_attr=\"some value\"} 2 1544712660300",
        "my_histogram_bucket{job=\"my.service\",le=\"1\",my_histogram_attr=\"some value\"} 1 1544712660300",
        "my_histogram_bucket{job=\"my.service\",le=\"+Inf\",my_histogram_attr=\"some value\"} 2 1544712660300"),
        store.lines());
    // Only service.name on the resource: job says it all, so no target_info.
    assertEquals(new Result(3, 6, 6, Map.of(), Map.of(), Map.of()), result);
    assertEquals(1, store.commits());
  }

  @Test
  void deltaSumsBecomeRunningTotalsOverRequests() throws IOException {
    long[] values = {3, 4, 5};
    for (int i = 0; i < values.length; i++) {
      long time = T + (i + 1) * 60 * SECOND;
      translator.translate(request(resourceMetrics(resource("service.name", "api"),
          sum("http.server.requests", "{request}", true, DELTA,
              point(time, values[i], "route", "/a"),
              point(time, 1, "route", "/b"))
      )), store);
    }

    assertEquals(List.of(
        "http_server_requests_total{job=\"api\",route=\"/a\"} 3 " + (T_MS + 60_000),
        "http_server_requests_total{job=\"api\",route=\"/b\"} 1 " + (T_MS + 60_000),
        "http_server_requests_total{job=\"api\",route=\"/a\"} 7 " + (T_MS + 120_000),
        "http_server_requests_total{job=\"api\",route=\"/b\"} 2 " + (T_MS + 120_000),
        "http_server_requests_total{job=\"api\",route=\"/a\"} 12 " + (T_MS + 180_000),
        "http_server_requests_total{job=\"api\",route=\"/b\"} 3 " + (T_MS + 180_000)),
        store.lines());
    assertEquals(2, translator.deltaSeries());
  }

  @Test
  void aRetriedDeltaRequestIsNotCountedTwice() throws IOException {
    ExportMetricsServiceRequest first = request(resourceMetrics(resource("service.name", "api"),
        sum("jobs", "", true, DELTA, point(T + SECOND, 2))));
    translator.translate(first, store);
    Result retry = translator.translate(first, store);
    translator.translate(request(resourceMetrics(resource("service.name", "api"),
        sum("jobs", "", true, DELTA, point(T + 2 * SECOND, 1)))), store);

    assertEquals(1, retry.dropped(DropReason.DELTA_OUT_OF_ORDER));
    assertEquals(List.of(
        "jobs_total{job=\"api\"} 2 " + (T_MS + 1000),
        "jobs_total{job=\"api\"} 3 " + (T_MS + 2000)), store.lines());
  }

  @Test
  void aDeltaStartingAfterItsSeriesLastEndedAddsWithoutAReset() throws IOException {
    // An SDK restarted: its next delta starts an hour after the last point ended.
    translator.translate(request(resourceMetrics(resource("service.name", "api"), sum("jobs", "", true, DELTA,
        point(T + 60 * SECOND, 5).toBuilder().setStartTimeUnixNano(T).build()))), store);
    translator.translate(request(resourceMetrics(resource("service.name", "api"), sum("jobs", "", true, DELTA,
        point(T + 3700 * SECOND, 2).toBuilder().setStartTimeUnixNano(T + 3600 * SECOND).build()))), store);

    assertEquals(List.of(
        "jobs_total{job=\"api\"} 5 " + (T_MS + 60_000),
        "jobs_total{job=\"api\"} 7 " + (T_MS + 3_700_000)), store.lines());
  }

  @Test
  void cumulativeAndNonMonotonicSumsAreWrittenAsTheyCome() throws IOException {
    translator.translate(request(resourceMetrics(resource(),
        sum("system.cpu.time", "s", true, CUMULATIVE, point(T, 12.5, "cpu", "0")),
        sum("db.client.connections.usage", "{connection}", false, CUMULATIVE, point(T, 7, "state", "idle")))), store);

    assertEquals(List.of(
        "system_cpu_time_seconds_total{cpu=\"0\"} 12.5 " + T_MS,
        "db_client_connections_usage{state=\"idle\"} 7 " + T_MS), store.lines());
  }

  @Test
  void histogramBucketsAreCumulativeEndingInInf() throws IOException {
    translator.translate(request(resourceMetrics(resource("service.name", "api"),
        histogram("http.server.duration", "ms", CUMULATIVE,
            histogramPoint(T, 123.5, new double[] {5, 10, 25.5, 0.00001}, new long[] {2, 3, 0, 0, 1}, "route", "/a")))),
        store);

    assertEquals(List.of(
        "http_server_duration_milliseconds_sum{job=\"api\",route=\"/a\"} 123.5 " + T_MS,
        "http_server_duration_milliseconds_count{job=\"api\",route=\"/a\"} 6 " + T_MS,
        "http_server_duration_milliseconds_bucket{job=\"api\",le=\"5\",route=\"/a\"} 2 " + T_MS,
        "http_server_duration_milliseconds_bucket{job=\"api\",le=\"10\",route=\"/a\"} 5 " + T_MS,
        "http_server_duration_milliseconds_bucket{job=\"api\",le=\"25.5\",route=\"/a\"} 5 " + T_MS,
        "http_server_duration_milliseconds_bucket{job=\"api\",le=\"0.00001\",route=\"/a\"} 5 " + T_MS,
        "http_server_duration_milliseconds_bucket{job=\"api\",le=\"+Inf\",route=\"/a\"} 6 " + T_MS),
        store.lines());
  }

  @Test
  void deltaHistogramsAccumulateBucketsCountAndSum() throws IOException {
    double[] bounds = {0.1, 1};
    translator.translate(request(resourceMetrics(resource(),
        histogram("rpc.duration", "s", DELTA, histogramPoint(T + SECOND, 0.5, bounds, new long[] {1, 1, 0})))), store);
    translator.translate(request(resourceMetrics(resource(),
        histogram("rpc.duration", "s", DELTA, histogramPoint(T + 2 * SECOND, 2.05, bounds, new long[] {1, 0, 1})))),
        store);

    long ms = T_MS + 2000;
    assertEquals(List.of(
        "rpc_duration_seconds_sum{} 2.55 " + ms,
        "rpc_duration_seconds_count{} 4 " + ms,
        "rpc_duration_seconds_bucket{le=\"0.1\"} 2 " + ms,
        "rpc_duration_seconds_bucket{le=\"1\"} 3 " + ms,
        "rpc_duration_seconds_bucket{le=\"+Inf\"} 4 " + ms),
        store.lines().subList(5, 10));
  }

  @Test
  void summariesBecomeQuantileSumAndCountSeries() throws IOException {
    Metric summary = Metric.newBuilder().setName("rpc.latency").setUnit("ms")
        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
            .setTimeUnixNano(T).setCount(10).setSum(250)
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(20))
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(90))))
        .build();
    translator.translate(request(resourceMetrics(resource(), summary)), store);

    assertEquals(List.of(
        "rpc_latency_milliseconds_sum{} 250 " + T_MS,
        "rpc_latency_milliseconds_count{} 10 " + T_MS,
        "rpc_latency_milliseconds{quantile=\"0.5\"} 20 " + T_MS,
        "rpc_latency_milliseconds{quantile=\"0.99\"} 90 " + T_MS), store.lines());
  }

  @Test
  void targetInfoCarriesTheOtherResourceAttributesAndSeriesGetJobAndInstance() throws IOException {
    Resource resource = resource("service.namespace", "shop", "service.name", "cart", "service.instance.id", "pod-1",
        "host.name", "h1", "k8s.pod.uid", "u-1");
    Result result = translator.translate(request(resourceMetrics(resource,
        gauge("queue.depth", "{item}", point(T, 4), point(T + 360 * SECOND, 5)))), store);

    String labels = "instance=\"pod-1\",job=\"shop/cart\"";
    String info = "target_info{host_name=\"h1\"," + labels + ",k8s_pod_uid=\"u-1\"} 1 ";
    assertEquals(List.of(
        "queue_depth{" + labels + "} 4 " + T_MS,
        "queue_depth{" + labels + "} 5 " + (T_MS + 360_000),
        // every half lookback delta (2m30s) from the earliest point, then at the latest
        info + T_MS,
        info + (T_MS + 150_000),
        info + (T_MS + 300_000),
        info + (T_MS + 360_000)), store.lines());
    assertEquals(2, result.series());
  }

  @Test
  void keptIdentifyingAttributesAlsoLabelTargetInfo() throws IOException {
    OtlpMetricsTranslator keeping = new OtlpMetricsTranslator(new OtlpMetricsConfig(
        List.of(), true, 100, Duration.ofMinutes(10), Duration.ofMinutes(5)));
    keeping.translate(request(resourceMetrics(resource("service.name", "cart", "host.name", "h1"),
        gauge("up", "", point(T, 1)))), store);

    assertEquals("target_info{host_name=\"h1\",job=\"cart\",service_name=\"cart\"} 1 " + T_MS,
        store.lines().get(1));
  }

  @Test
  void noTargetInfoWithoutAJobOrInstanceToJoinOn() throws IOException {
    translator.translate(request(resourceMetrics(resource("host.name", "h1"), gauge("up", "", point(T, 1)))), store);

    assertEquals(List.of("up{} 1 " + T_MS), store.lines());
  }

  @Test
  void promotedResourceAttributesLabelEverySeriesButNotTargetInfo() throws IOException {
    OtlpMetricsTranslator promoting =
        new OtlpMetricsTranslator(OtlpMetricsConfig.promoting("k8s.namespace.name", "cloud.region"));
    promoting.translate(request(resourceMetrics(
        resource("service.name", "cart", "k8s.namespace.name", "prod", "host.name", "h1"),
        gauge("up", "", point(T, 1)),
        sum("orders", "", true, CUMULATIVE, point(T, 3, "k8s.namespace.name", "mine")))), store);

    assertEquals(List.of(
        "up{job=\"cart\",k8s_namespace_name=\"prod\"} 1 " + T_MS,
        "orders_total{job=\"cart\",k8s_namespace_name=\"mine\"} 3 " + T_MS,
        "target_info{host_name=\"h1\",job=\"cart\",k8s_namespace_name=\"prod\"} 1 " + T_MS), store.lines());
  }

  @Test
  void refusedSamplesAreCountedByReasonAndTheRestKept() throws IOException {
    store.refusing(sample -> switch (sample.labels().get("__name__")) {
      case "late" -> Reason.OUT_OF_ORDER;
      case "ancient" -> Reason.TOO_OLD;
      default -> null;
    });
    Result result = translator.translate(request(resourceMetrics(resource(),
        gauge("late", "", point(T, 1), point(T + SECOND, 2)),
        gauge("ancient", "", point(T, 1)),
        gauge("fine", "", point(T, 7)))), store);

    assertEquals(List.of("fine{} 7 " + T_MS), store.lines());
    assertEquals(2, result.rejected(Reason.OUT_OF_ORDER));
    assertEquals(1, result.rejected(Reason.TOO_OLD));
    assertEquals(1, result.samplesAppended());
    assertEquals(1, result.series());
    assertEquals(4, result.pointsTranslated());
  }

  @Test
  void noRecordedValueWritesAStalenessMarker() throws IOException {
    NumberDataPoint gone = point(T, 3).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();
    translator.translate(request(resourceMetrics(resource(),
        gauge("temperature", "Cel", gone),
        sum("requests", "", true, DELTA, gone))), store);

    assertEquals(List.of("temperature_celsius{} StaleNaN " + T_MS, "requests_total{} StaleNaN " + T_MS),
        store.lines());
  }

  @Test
  void exponentialHistogramsAreCountedAsUnsupported() throws IOException {
    Metric exponential = Metric.newBuilder().setName("latency").setUnit("s")
        .setExponentialHistogram(ExponentialHistogram.newBuilder()
            .setAggregationTemporality(CUMULATIVE)
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T).setCount(1))
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T + SECOND).setCount(2)))
        .build();
    Result result = translator.translate(request(resourceMetrics(resource(), exponential, gauge("up", "", point(T, 1)))),
        store);

    assertEquals(Map.of("exponential_histogram", 2L), result.unsupportedPoints());
    assertEquals(List.of("up{} 1 " + T_MS), store.lines());
    assertEquals(1, result.pointsTranslated());
  }

  @Test
  void pointsThatCannotBeNamedAreDroppedAndCounted() throws IOException {
    Result result = translator.translate(request(resourceMetrics(resource(),
        gauge("@#$%", "", point(T, 1), point(T, 2)),
        gauge("ok", "", point(T, 1, "ようこそ", "x"), point(T, 2, "fine", "x")),
        sum("unspecified", "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED, point(T, 1)))),
        store);

    assertEquals(List.of("ok{fine=\"x\"} 2 " + T_MS), store.lines());
    assertEquals(Map.of(DropReason.INVALID_METRIC_NAME, 2L, DropReason.INVALID_LABEL_NAME, 1L,
        DropReason.INVALID_TEMPORALITY, 1L), result.pointsDropped());
  }

  @Test
  void attributeValuesOfEveryTypeBecomeLabelValues() throws IOException {
    NumberDataPoint typed = point(T, 1).toBuilder()
        .addAttributes(attr("retries", AnyValue.newBuilder().setIntValue(3).build()))
        .addAttributes(attr("cached", AnyValue.newBuilder().setBoolValue(true).build()))
        .addAttributes(attr("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
        .build();
    translator.translate(request(resourceMetrics(resource(), gauge("typed", "", typed))), store);

    assertEquals(List.of("typed{cached=\"true\",ratio=\"0.25\",retries=\"3\"} 1 " + T_MS), store.lines());
  }

  @Test
  void anAppenderFailureRollsTheRequestBack() {
    boolean[] rolledBack = new boolean[1];
    RuntimeException broken = new IllegalStateException("disk gone");
    Appendable failing = () -> new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        throw broken;
      }

      @Override
      public void commit() {
        throw new AssertionError("must not commit");
      }

      @Override
      public void rollback() {
        rolledBack[0] = true;
      }
    };

    assertEquals(broken, assertThrows(IllegalStateException.class,
        () -> translator.translate(request(resourceMetrics(resource(), gauge("up", "", point(T, 1)))), failing)));
    assertTrue(rolledBack[0]);
  }
}
