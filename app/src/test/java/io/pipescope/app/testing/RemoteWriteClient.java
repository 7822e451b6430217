package io.pipescope.app.testing;

import io.airlift.compress.snappy.SnappyCompressor;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Sends samples with Prometheus remote write 1.0 (snappy-compressed protobuf), as Prometheus does. */
public final class RemoteWriteClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final SnappyCompressor snappy = new SnappyCompressor();
  private final URI endpoint;

  /** @param otlpHttpPort the port of pipescope's HTTP ingest, which serves {@code /api/v1/write} */
  public RemoteWriteClient(int otlpHttpPort) {
    this.endpoint = URI.create("http://127.0.0.1:" + otlpHttpPort + "/api/v1/write");
  }

  /**
   * Writes one sample of the series {@code name{labels}}; returns the HTTP status (204 when stored).
   *
   * @throws IOException when the request cannot be made
   */
  public int write(String name, Map<String, String> labels, long timestampMillis, double value)
      throws IOException, InterruptedException {
    TimeSeries.Builder series = TimeSeries.newBuilder()
        .addLabels(Label.newBuilder().setName("__name__").setValue(name));
    new TreeMap<>(labels).forEach((k, v) -> series.addLabels(Label.newBuilder().setName(k).setValue(v)));
    series.addSamples(Sample.newBuilder().setTimestamp(timestampMillis).setValue(value));
    byte[] request = WriteRequest.newBuilder().addTimeseries(series).build().toByteArray();
    byte[] compressed = new byte[snappy.maxCompressedLength(request.length)];
    int size = snappy.compress(request, 0, request.length, compressed, 0, compressed.length);
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(compressed, size))).build(),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }
}
