package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RunningPipescope;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OpenTelemetry Java SDK's own OTLP exporters, unchanged, against a running pipescope. */
class OtelSdkExportTest {

  enum Exporter {
    GRPC(p -> OtlpGrpcSpanExporter.builder().setEndpoint(p.grpcEndpoint()).build()),
    GRPC_GZIP(p -> OtlpGrpcSpanExporter.builder().setEndpoint(p.grpcEndpoint()).setCompression("gzip").build()),
    HTTP_PROTOBUF(p -> OtlpHttpSpanExporter.builder().setEndpoint(p.otlpHttpBase() + "/v1/traces").build()),
    HTTP_PROTOBUF_GZIP(p -> OtlpHttpSpanExporter.builder()
        .setEndpoint(p.otlpHttpBase() + "/v1/traces").setCompression("gzip").build());

    final Function<RunningPipescope, SpanExporter> create;

    Exporter(Function<RunningPipescope, SpanExporter> create) {
      this.create = create;
    }
  }

  private static final long SECOND = 1_000_000_000L;

  @ParameterizedTest
  @EnumSource(Exporter.class)
  void knownSpansShowExactCountsAndHistogramCounts(Exporter exporter) {
    try (RunningPipescope server = RunningPipescope.start()) {
      SdkTracerProvider provider = SdkTracerProvider.builder()
          .setResource(Resource.getDefault().merge(
              Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout-pipeline"))))
          .addSpanProcessor(BatchSpanProcessor.builder(exporter.create.apply(server)).build())
          .build();
      Tracer tracer = provider.get("pipescope-test");
      long t0 = System.currentTimeMillis() * 1_000_000L - 3600 * SECOND;
      span(tracer, "build", SpanKind.INTERNAL, StatusCode.OK, t0, SECOND / 2);
      span(tracer, "build", SpanKind.INTERNAL, StatusCode.OK, t0, 3 * SECOND / 2);
      span(tracer, "build", SpanKind.INTERNAL, StatusCode.OK, t0, 3 * SECOND);
      span(tracer, "deploy", SpanKind.SERVER, StatusCode.ERROR, t0, 20 * SECOND);
      span(tracer, "deploy", SpanKind.SERVER, StatusCode.ERROR, t0, 20 * SECOND);
      span(tracer, "health_check", SpanKind.CLIENT, StatusCode.UNSET, t0, SECOND / 20);
      CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
      assertTrue(flushed.isSuccess(), "the exporter reported failure");
      provider.shutdown().join(10, TimeUnit.SECONDS);

      MetricsPage page = server.scrape();
      String[] build = {"service_name", "checkout-pipeline", "span_name", "build",
          "span_kind", "SPAN_KIND_INTERNAL", "status_code", "STATUS_CODE_OK"};
      String[] deploy = {"service_name", "checkout-pipeline", "span_name", "deploy",
          "span_kind", "SPAN_KIND_SERVER", "status_code", "STATUS_CODE_ERROR"};
      String[] health = {"service_name", "checkout-pipeline", "span_name", "health_check",
          "span_kind", "SPAN_KIND_CLIENT", "status_code", "STATUS_CODE_UNSET"};
      assertEquals(3, page.value("calls_total", build));
      assertEquals(2, page.value("calls_total", deploy));
      assertEquals(1, page.value("calls_total", health));
      assertEquals(6, page.sum("calls_total"));

      assertEquals(3, page.value("duration_seconds_count", build));
      assertEquals(5.0, page.value("duration_seconds_sum", build), 1e-9);
      assertEquals(1, page.value("duration_seconds_bucket", with(build, "le", "1")));
      assertEquals(2, page.value("duration_seconds_bucket", with(build, "le", "2")));
      assertEquals(3, page.value("duration_seconds_bucket", with(build, "le", "5")));
      assertEquals(0, page.value("duration_seconds_bucket", with(deploy, "le", "15")));
      assertEquals(2, page.value("duration_seconds_bucket", with(deploy, "le", "30")));
      assertEquals(1, page.value("duration_seconds_bucket", with(health, "le", "0.05")));
      assertEquals(0, page.value("duration_seconds_bucket", with(health, "le", "0.01")));

      String transport = exporter.name().startsWith("GRPC") ? "grpc" : "http";
      assertEquals(6, page.value("pipescope_ingest_spans_received_total", "transport", transport));
      assertEquals(6, page.value("pipescope_ingest_spans_accepted_total", "transport", transport));
      assertEquals(0, page.sum("pipescope_ingest_spans_rejected_total"));
    }
  }

  private static void span(Tracer tracer, String name, SpanKind kind, StatusCode status, long start, long nanos) {
    Span span = tracer.spanBuilder(name).setSpanKind(kind).setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
    if (status != StatusCode.UNSET) {
      span.setStatus(status);
    }
    span.end(start + nanos, TimeUnit.NANOSECONDS);
  }

  static String[] with(String[] labels, String name, String value) {
    String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
    out[labels.length] = name;
    out[labels.length + 1] = value;
    return out;
  }
}
