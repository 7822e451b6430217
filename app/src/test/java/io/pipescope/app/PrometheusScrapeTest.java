package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.testing.PrometheusProcess;
import io.pipescope.app.testing.Promtool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof with real tools: Debian's Prometheus scrapes pipescope and answers PromQL over
 * the span metrics, and {@code promtool check metrics} accepts the text exposition.
 */
class PrometheusScrapeTest {
  private static final String SERVICE = "checkout-pipeline";
  /** Prometheus 2.42 applies its targets on a 5 s tick, so the first scrape lands 5-7 s after start. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  /** The Accept header Prometheus 2.42 scrapes with (scrape/scrape.go, scrapeAcceptHeader). */
  private static final String PROMETHEUS_2_42_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  private static final String BUILD_SERIES = "calls_total{service_name=\"checkout-pipeline\","
      + "span_kind=\"SPAN_KIND_INTERNAL\",span_name=\"build\",status_code=\"STATUS_CODE_OK\"}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
  private Pipescope pipescope;

  @BeforeEach
  void startPipescope(@TempDir Path data) throws IOException {
    pipescope = Pipescope.start(PipescopeConfig.load(null,
        List.of("ingest.grpc_port=0", "ingest.http_port=0", "api.port=0", "storage.path=" + data)));
  }

  @AfterEach
  void stopPipescope() {
    pipescope.close();
  }

  @Test
  void prometheusScrapesSpanMetricsAndAnswersPromQl(@TempDir Path dir) throws Exception {
    sendThreeBuildsAndTwoDeploys();

    try (PrometheusProcess prometheus = PrometheusProcess.scrape(dir, "pipescope", pipescope.apiAddress())) {
      // Prometheus asks for OpenMetrics first, so up == 1 also proves it parsed pipescope's OpenMetrics.
      double up = prometheus.awaitValue("up{job=\"pipescope\"}", DEADLINE);
      assertEquals(1, up, () -> "the scrape failed; targets:\n" + prometheus.targets());
      assertEquals(3, prometheus.awaitValue(BUILD_SERIES, DEADLINE));
      assertEquals(3, prometheus.awaitValue("calls_total{span_name=\"build\"}", DEADLINE));
      assertEquals(5, prometheus.awaitValue("sum(calls_total)", DEADLINE));
      assertEquals(2, prometheus.awaitValue("duration_seconds_count{span_name=\"deploy\"}", DEADLINE));
    }
  }

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    sendThreeBuildsAndTwoDeploys();

    HttpResponse<String> text = scrape(null);
    assertEquals(200, text.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType(text));
    assertTrue(text.body().contains("\n" + BUILD_SERIES + " 3\n"), () -> "no build series in:\n" + text.body());
    Promtool.Result check = Promtool.checkMetrics(text.body());
    assertEquals(0, check.exitCode(),
        () -> "promtool check metrics said:\n" + check.output() + "\n--- about this exposition:\n" + text.body());

    // promtool 2.42 parses only the text format; for OpenMetrics the real scrape above is the proof,
    // and here the framing and the negotiation that lead to it.
    HttpResponse<String> openMetrics = scrape("application/openmetrics-text; version=1.0.0");
    assertEquals(200, openMetrics.statusCode());
    assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", contentType(openMetrics));
    assertTrue(openMetrics.body().endsWith("\n# EOF\n"), () -> "no closing # EOF in:\n" + openMetrics.body());
    assertTrue(openMetrics.body().contains("\n" + BUILD_SERIES + " 3\n"),
        () -> "no build series in:\n" + openMetrics.body());
    assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
        contentType(scrape(PROMETHEUS_2_42_ACCEPT)));
  }

  private void sendThreeBuildsAndTwoDeploys() throws IOException, InterruptedException {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    ScopeSpans.Builder spans = ScopeSpans.newBuilder();
    for (int i = 0; i < 3; i++) {
      spans.addSpans(span("build", now - TimeUnit.SECONDS.toNanos(10 - i), Duration.ofMillis(2100)));
    }
    for (int i = 0; i < 2; i++) {
      spans.addSpans(span("deploy", now - TimeUnit.SECONDS.toNanos(5 - i), Duration.ofMillis(700)));
    }
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                .setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(SERVICE))))
            .addScopeSpans(spans))
        .build();

    InetSocketAddress otlp = pipescope.otlpHttpAddress();
    HttpResponse<byte[]> response = http.send(
        HttpRequest.newBuilder(URI.create("http://" + hostPort(otlp) + "/v1/traces"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
    ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
    assertEquals(0, body.getPartialSuccess().getRejectedSpans(), body::toString);
  }

  private static Span span(String name, long startNanos, Duration duration) {
    return Span.newBuilder()
        .setTraceId(randomId(16))
        .setSpanId(randomId(8))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(startNanos)
        .setEndTimeUnixNano(startNanos + duration.toNanos())
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
        .build();
  }

  /** A random id; an all-zero id is invalid in OTLP, so the first byte is never zero. */
  private static ByteString randomId(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }

  private HttpResponse<String> scrape(String accept) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + hostPort(pipescope.apiAddress()) + "/metrics"))
            .timeout(Duration.ofSeconds(5));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("(none)");
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
