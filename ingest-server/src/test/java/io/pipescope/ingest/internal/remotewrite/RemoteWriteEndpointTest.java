package io.pipescope.ingest.internal.remotewrite;

import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.STALE_NAN_BITS;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.T0;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.claimingLength;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.labels;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.request;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.series;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.seriesOfBits;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.snappy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.SampleRejectedException.Reason;
import io.pipescope.ingest.IngestConfig;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.ingest.IngestServer;
import io.pipescope.ingest.internal.remotewrite.RecordingAppendable.Stored;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/write} on the OTLP/HTTP port, over real HTTP, into an in-memory store. */
class RemoteWriteEndpointTest {
  private static final long MIB = 1024 * 1024;
  private static final Map<String, String> SPEC_HEADERS = Map.of(
      "Content-Type", "application/x-protobuf",
      "Content-Encoding", "snappy",
      "X-Prometheus-Remote-Write-Version", "0.1.0",
      "User-Agent", "pipescope-test/1.0");

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final RecordingAppendable store = new RecordingAppendable();
  private IngestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void storesEverySampleOfEverySeriesWithItsLabelsAndAnswers204() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request(
        series(labels("__name__", "up", "instance", "a:9100", "job", "node"), T0, 1.0),
        seriesOfBits(labels("__name__", "http_requests_total", "code", "200", "job", "api"),
            T0, Double.doubleToRawLongBits(10), T0 + 15_000, Double.doubleToRawLongBits(12)),
        series(labels("__name__", "temperature_celsius", "room", "lab"), T0, -3.5))));

    assertEquals(204, response.statusCode(), response.body());
    assertEquals("", response.body());
    assertEquals(List.of(
        Stored.of(Labels.of("__name__", "up", "instance", "a:9100", "job", "node"), T0, 1.0),
        Stored.of(Labels.of("__name__", "http_requests_total", "code", "200", "job", "api"), T0, 10),
        Stored.of(Labels.of("__name__", "http_requests_total", "code", "200", "job", "api"), T0 + 15_000, 12),
        Stored.of(Labels.of("__name__", "temperature_celsius", "room", "lab"), T0, -3.5)), store.committed());
    assertEquals(1, store.commits(), "one request is one batch");
    CollectedCounters metrics = metrics();
    assertEquals(4, metrics.value("pipescope_remote_write_samples_received"));
    assertEquals(4, metrics.value("pipescope_remote_write_samples_accepted"));
    assertEquals(1, metrics.value("pipescope_ingest_requests", "transport", "http", "signal", "remote_write",
        "code", "204"));
  }

  @Test
  void aStalenessMarkerKeepsItsNanBits() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request(
        seriesOfBits(labels("__name__", "up", "job", "gone"), T0, Double.doubleToRawLongBits(1), T0 + 1,
            STALE_NAN_BITS))));

    assertEquals(204, response.statusCode(), response.body());
    assertEquals(STALE_NAN_BITS, store.committed().get(1).valueBits(),
        Long.toHexString(store.committed().get(1).valueBits()));
  }

  @Test
  void anInvalidSeriesIsSkippedTheOthersStoredAndThe400NamesIt() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request(
        series(labels("__name__", "up", "job", "a"), T0, 1.0),
        series(labels("job", "b", "__name__", "up"), T0, 2.0),
        series(labels("job", "c"), T0, 3.0),
        series(labels("__name__", "up", "job", "d"), T0, 4.0))));

    assertEquals(400, response.statusCode());
    assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().startsWith("stored 2 of 4 samples; rejected 2 (invalid_series: 2); 2 invalid series"),
        response.body());
    assertTrue(response.body().contains("invalid_series: {job=\"b\", __name__=\"up\"}: label \"__name__\" comes after"
        + " \"job\""), response.body());
    assertTrue(response.body().contains("invalid_series: {job=\"c\"}: no __name__ label"), response.body());
    assertEquals(Set.of("a", "d"), storedJobs());
    CollectedCounters metrics = metrics();
    assertEquals(1, metrics.value("pipescope_remote_write_series_invalid", "reason", "unsorted_labels"));
    assertEquals(1, metrics.value("pipescope_remote_write_series_invalid", "reason", "missing_metric_name"));
    assertEquals(2, metrics.value("pipescope_remote_write_samples_rejected", "reason", "invalid_series"));
  }

  @Test
  void rejectedOutOfOrderSamplesAreCountedInA400AndTheRestStored() throws Exception {
    store.rejectAt(T0 - 60_000, Reason.OUT_OF_ORDER).rejectAt(T0 - 30_000, Reason.TOO_OLD);
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request(
        seriesOfBits(labels("__name__", "up", "job", "a"), T0 - 60_000, Double.doubleToRawLongBits(1), T0,
            Double.doubleToRawLongBits(1)),
        series(labels("__name__", "up", "job", "b"), T0 - 30_000, 1.0),
        series(labels("__name__", "up", "job", "c"), T0, 1.0))));

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("stored 2 of 4 samples; rejected 2 (out_of_order: 1, too_old: 1)"),
        response.body());
    assertTrue(response.body().contains("out_of_order: {__name__=\"up\", job=\"a\"} at " + (T0 - 60_000)),
        response.body());
    assertEquals(List.of(
        Stored.of(Labels.of("__name__", "up", "job", "a"), T0, 1.0),
        Stored.of(Labels.of("__name__", "up", "job", "c"), T0, 1.0)), store.committed());
    CollectedCounters metrics = metrics();
    assertEquals(1, metrics.value("pipescope_remote_write_samples_rejected", "reason", "out_of_order"));
    assertEquals(1, metrics.value("pipescope_remote_write_samples_rejected", "reason", "too_old"));
    assertEquals(0, metrics.value("pipescope_remote_write_samples_rejected", "reason", "duplicate_timestamp"));
    assertEquals(2, metrics.value("pipescope_remote_write_samples_accepted"));
  }

  @Test
  void aBodyThatIsNotSnappyAnswers400AndStoresNothing() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(request(series(labels("__name__", "up"), T0, 1.0)).toByteArray());

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("the body is not snappy"), response.body());
    assertEquals(0, store.commits());
    assertEquals(1, metrics().value("pipescope_ingest_refused_requests", "transport", "http",
        "reason", "undecodable"));
  }

  @Test
  void snappyThatIsNotAWriteRequestAnswers400() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy("not a protobuf message".getBytes(StandardCharsets.UTF_8)));

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("the body is not a protobuf-encoded prometheus.WriteRequest"),
        response.body());
    assertEquals(0, store.commits());
  }

  @Test
  void aDeclaredUncompressedLengthPastTheLimitAnswers413WithoutBeingCharged() throws Exception {
    long limit = 4096;
    start(new IngestLimits(limit, limit, 50_000, 128, 1024, MIB, 16, 1), store);
    byte[] claimsOneGib = claimingLength(1L << 30);
    HttpResponse<String> response = post(claimsOneGib);

    assertEquals(413, response.statusCode());
    assertEquals("the snappy body declares 1073741824 uncompressed bytes, more than the limit of 4096"
        + " (ingest.limits.max_decompressed_bytes)\n", response.body());
    // The lease held the wire bytes only: the claimed gigabyte was refused before being charged,
    // and it is charged before any array for it exists.
    assertEquals(claimsOneGib.length, metrics().value("pipescope_ingest_inflight_bytes_peak"));
    assertEquals(0, store.commits());
  }

  @Test
  void aBodyPastMaxRequestBytesAnswers413() throws Exception {
    start(new IngestLimits(1024, 1024, 50_000, 128, 1024, MIB, 16, 1), store);
    HttpResponse<String> response = post(new byte[4096]);

    assertEquals(413, response.statusCode());
    assertTrue(response.body().contains("ingest.limits.max_request_bytes"), response.body());
  }

  @Test
  void aContentTypeOtherThanProtobufAnswers415() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request()), Map.of("Content-Type", "application/json"));

    assertEquals(415, response.statusCode());
    assertTrue(response.body().startsWith("unsupported Content-Type 'application/json'"), response.body());
  }

  @Test
  void anEncodingOtherThanSnappyAnswers415() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request()), Map.of("Content-Encoding", "gzip"));

    assertEquals(415, response.statusCode());
    assertTrue(response.body().startsWith("unsupported Content-Encoding 'gzip'"), response.body());
  }

  @Test
  void remoteWrite20Answers415SayingOnly10IsServed() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request()), Map.of(
        "Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
        "X-Prometheus-Remote-Write-Version", "2.0.0"));

    assertEquals(415, response.statusCode());
    assertTrue(response.body().contains("remote write 2.0"), response.body());
    assertTrue(response.body().contains("pipescope serves remote write 1.0 only"), response.body());
    assertEquals(1, metrics().value("pipescope_ingest_refused_requests", "transport", "http",
        "reason", "unsupported_media_type"));
  }

  @Test
  void aRequestWithoutTheOptionalHeadersIsTakenAs10() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpRequest bare = HttpRequest.newBuilder(writeUri())
        .POST(HttpRequest.BodyPublishers.ofByteArray(snappy(request(series(labels("__name__", "up"), T0, 1.0)))))
        .build();
    HttpResponse<String> response = client.send(bare, HttpResponse.BodyHandlers.ofString());

    assertEquals(204, response.statusCode(), response.body());
    assertEquals(1, store.committed().size());
  }

  @Test
  void aFailedCommitAnswers500SoTheSenderRetries() throws Exception {
    store.failCommitsWith(new IOException("no space left on device"));
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = post(snappy(request(series(labels("__name__", "up"), T0, 1.0))));

    assertEquals(500, response.statusCode());
    assertTrue(response.body().contains("no space left on device"), response.body());
    assertTrue(response.body().contains("retry"), response.body());
    CollectedCounters metrics = metrics();
    assertEquals(1, metrics.value("pipescope_remote_write_samples_received"));
    assertEquals(0, metrics.value("pipescope_remote_write_samples_accepted"));
  }

  @Test
  void theAnswerWaitsForTheCommitAndAnotherRequestPastTheInflightLimitGets503() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    store.holdCommitsUntil(gate);
    start(new IngestLimits(MIB, MIB, 50_000, 128, 1024, MIB, 1, 7), store);
    CompletableFuture<HttpResponse<String>> first = client.sendAsync(
        postRequest(snappy(request(series(labels("__name__", "up"), T0, 1.0))), Map.of()),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(store.awaitCommitEntered(), "the first request never reached commit");

    HttpResponse<String> second = post(snappy(request(series(labels("__name__", "up"), T0 + 1, 1.0))));
    assertEquals(503, second.statusCode(), second.body());
    assertEquals("7", second.headers().firstValue("Retry-After").orElse(""));
    Thread.sleep(100);
    assertFalse(first.isDone(), "the first request was answered before its commit returned");

    gate.countDown();
    assertEquals(204, first.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(1, store.committed().size());
  }

  @Test
  void withoutAStoreRemoteWriteAnswers404NotEnabled() throws Exception {
    start(IngestLimits.DEFAULTS, null);
    HttpResponse<String> response = post(snappy(request(series(labels("__name__", "up"), T0, 1.0))));

    assertEquals(404, response.statusCode());
    assertEquals("remote write is not enabled\n", response.body());
    assertFalse(metrics().has("pipescope_remote_write_samples_received"));
  }

  @Test
  void aMethodOtherThanPostAnswers405InPlainText() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(writeUri()).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(405, response.statusCode());
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
    assertTrue(response.body().startsWith("GET is not allowed on /api/v1/write"), response.body());
  }

  @Test
  void otlpErrorsBesideRemoteWriteStayGoogleRpcStatus() throws Exception {
    start(IngestLimits.DEFAULTS, store);
    HttpRequest otlp = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
            + "/v1/traces"))
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "snappy")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    HttpResponse<String> response = client.send(otlp, HttpResponse.BodyHandlers.ofString());

    assertEquals(415, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().contains("\"code\": 3") || response.body().contains("\"code\":3"), response.body());
  }

  private void start(IngestLimits limits, Appendable appendable) throws IOException {
    IngestConfig config = IngestConfig.defaults().withPorts(0, 0).withLimits(limits);
    server = appendable == null
        ? new IngestServer(config, batch -> {})
        : new IngestServer(config, batch -> {}, appendable, io.pipescope.aggregator.OtlpMetricsConfig.DEFAULTS);
    server.start();
  }

  private URI writeUri() {
    return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + RemoteWriteHandler.PATH);
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return post(body, Map.of());
  }

  /** Posts with spec 1.0's headers, replaced by {@code overrides}. */
  private HttpResponse<String> post(byte[] body, Map<String, String> overrides) throws Exception {
    return client.send(postRequest(body, overrides), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest postRequest(byte[] body, Map<String, String> overrides) {
    Map<String, String> headers = new LinkedHashMap<>(SPEC_HEADERS);
    headers.putAll(overrides);
    HttpRequest.Builder request = HttpRequest.newBuilder(writeUri())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return request.build();
  }

  private CollectedCounters metrics() {
    return CollectedCounters.of(server.metrics());
  }

  private Set<String> storedJobs() {
    return store.committed().stream().map(s -> s.labels().get("job")).collect(Collectors.toSet());
  }
}
