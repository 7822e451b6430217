package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.OtlpHttpClient;
import io.pipescope.app.testing.RunningPipescope;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example in docs/instrumentation.md does what the document says. */
class DocumentedExampleTest {
  @Test
  void featureTraceExampleGivesTheDocumentedMetrics() throws IOException {
    byte[] example = Files.readAllBytes(Path.of("..", "docs", "examples", "feature-trace.json"));
    try (RunningPipescope server = RunningPipescope.start()) {
      HttpResponse<byte[]> response =
          new OtlpHttpClient(server.otlpHttpBase()).post("/v1/traces", "application/json", example, false);
      assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
      assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
      MetricsPage page = server.scrape();
      assertEquals(1, page.value("checker_rework_total",
          "checker_name", "test_coverage", "feature_type", "crud", "pipeline", "factory-main"));
      assertEquals(27.8, page.value("feature_lead_time_seconds_sum", "feature_type", "crud", "rework", "true"), 1e-6);
      assertEquals(1, page.value("feature_lead_time_seconds_count", "feature_type", "crud", "rework", "true"));
      assertEquals(1, page.value("features_completed_total", "feature_type", "crud", "outcome", "success"));
      assertEquals(1250, page.value("feature_cost_tokens_sum", "feature_type", "crud"));
      assertEquals(1000, page.value("code_generation_tokens_total", "model", "gpt-4o", "token_type", "input"));
    }
  }
}
