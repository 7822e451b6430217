package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.OtlpHttpClient;
import io.pipescope.app.testing.RunningPipescope;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** OTLP/JSON over HTTP with the specification's own example bodies, plain and gzip. */
class OtlpJsonExportTest {
  private static final String[] SPEC_SPAN = {"service_name", "my.service", "span_name", "I'm a server span",
      "span_kind", "SPAN_KIND_SERVER", "status_code", "STATUS_CODE_UNSET"};

  @Test
  void specTraceExampleIsCountedPlainAndGzipped() {
    try (RunningPipescope server = RunningPipescope.start()) {
      OtlpHttpClient client = new OtlpHttpClient(server.otlpHttpBase());
      byte[] body = OtlpHttpClient.resource("/otlp/trace.json");
      for (boolean gzip : new boolean[] {false, true}) {
        HttpResponse<byte[]> response = client.post("/v1/traces", "application/json", body, gzip);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8), "full success is an empty response");
      }
      MetricsPage page = server.scrape();
      assertEquals(2, page.value("calls_total", SPEC_SPAN));
      assertEquals(2, page.value("duration_seconds_count", SPEC_SPAN));
      assertEquals(2.0, page.value("duration_seconds_sum", SPEC_SPAN), 1e-9);
      assertEquals(2, page.value("duration_seconds_bucket", OtelSdkExportTest.with(SPEC_SPAN, "le", "1")));
    }
  }

  @Test
  void snakeCaseFieldNamesDecodeLikeCamelCase() {
    try (RunningPipescope server = RunningPipescope.start()) {
      OtlpHttpClient client = new OtlpHttpClient(server.otlpHttpBase());
      HttpResponse<byte[]> response =
          client.post("/v1/traces", "application/json", OtlpHttpClient.resource("/otlp/trace-snake-case.json"), false);
      assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
      assertEquals(1, server.scrape().value("calls_total", SPEC_SPAN));
    }
  }

  @Test
  void specMetricsExampleIsAcceptedAndItsPointsCounted() {
    try (RunningPipescope server = RunningPipescope.start()) {
      OtlpHttpClient client = new OtlpHttpClient(server.otlpHttpBase());
      HttpResponse<byte[]> response =
          client.post("/v1/metrics", "application/json", OtlpHttpClient.resource("/otlp/metrics.json"), true);
      assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
      assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
      assertEquals(3, server.scrape().value("pipescope_ingest_metric_points_received_total", "transport", "http"));
    }
  }
}
