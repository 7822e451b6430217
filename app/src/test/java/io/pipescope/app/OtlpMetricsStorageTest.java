package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OTLP metrics from the OpenTelemetry SDK are stored under the names Prometheus's OTLP receiver gives them. */
class OtlpMetricsStorageTest {
  enum Exporter {
    GRPC(p -> OtlpGrpcMetricExporter.builder().setEndpoint(p.grpcEndpoint()).build()),
    HTTP(p -> OtlpHttpMetricExporter.builder().setEndpoint(p.otlpHttpBase() + "/v1/metrics").build());

    final Function<RunningPipescope, MetricExporter> create;

    Exporter(Function<RunningPipescope, MetricExporter> create) {
      this.create = create;
    }
  }

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Exporter.class)
  void sdkCounterAndHistogramAreStoredWithPrometheusNames(Exporter exporter) {
    try (RunningPipescope server = RunningPipescope.start("storage.enabled=true", "storage.path=" + data,
        "storage.flush_interval=1h")) {
      SdkMeterProvider provider = SdkMeterProvider.builder()
          .setResource(Resource.getDefault().merge(
              Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "factory"))))
          .registerMetricReader(PeriodicMetricReader.builder(exporter.create.apply(server))
              .setInterval(Duration.ofHours(1)).build())
          .build();
      Meter meter = provider.get("pipescope-test");
      LongCounter runs = meter.counterBuilder("pipeline.runs").setUnit("{run}").build();
      DoubleHistogram durations = meter.histogramBuilder("stage.duration").setUnit("s").build();
      runs.add(3, Attributes.of(AttributeKey.stringKey("stage"), "build"));
      durations.record(0.3, Attributes.of(AttributeKey.stringKey("stage"), "build"));
      durations.record(7, Attributes.of(AttributeKey.stringKey("stage"), "build"));
      assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess(), "the exporter reported failure");
      provider.shutdown().join(10, TimeUnit.SECONDS);

      TimeSeriesStore store = server.pipescope().store();
      assertEquals(3, latest(store, "pipeline_runs_total", "stage", "build"));
      assertEquals(2, latest(store, "stage_duration_seconds_count", "stage", "build"));
      assertEquals(7.3, latest(store, "stage_duration_seconds_sum", "stage", "build"), 1e-9);
      assertEquals(2, latest(store, "stage_duration_seconds_bucket", "stage", "build", "le", "+Inf"));
      assertEquals(1, latest(store, "target_info", "job", "factory"), "resource attributes in target_info");
    }
  }

  private static double latest(TimeSeriesStore store, String name, String... labels) {
    LabelMatcher[] matchers = new LabelMatcher[labels.length / 2 + 1];
    matchers[0] = LabelMatcher.equal("__name__", name);
    for (int i = 0; i < labels.length; i += 2) {
      matchers[i / 2 + 1] = LabelMatcher.equal(labels[i], labels[i + 1]);
    }
    try (Querier q = store.querier(0, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, matchers);
      if (!set.next()) {
        throw new AssertionError("no series " + name + " " + String.join(",", labels));
      }
      SampleIterator it = set.at().iterator();
      double last = Double.NaN;
      while (it.next()) {
        last = it.value();
      }
      return last;
    }
  }
}
