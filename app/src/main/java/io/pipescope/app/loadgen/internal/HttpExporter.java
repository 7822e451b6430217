package io.pipescope.app.loadgen.internal;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.pipescope.app.loadgen.ExportOutcome;
import io.pipescope.app.loadgen.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP ({@code POST /v1/traces}), protobuf or JSON, over its own HTTP/1.1 client: one request
 * at a time keeps it on one kept-alive connection.
 */
public final class HttpExporter implements Exporter {
  private final HttpClient client;
  private final URI uri;
  private final boolean json;
  private final boolean gzip;
  private final Duration timeout;

  public HttpExporter(String host, int port, boolean json, boolean gzip, Duration timeout) {
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).build();
    this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/v1/traces");
    this.json = json;
    this.gzip = gzip;
    this.timeout = timeout;
  }

  @Override
  public ExportOutcome export(ExportTraceServiceRequest request) {
    byte[] body = json ? OtlpJsonEncoder.encode(request) : request.toByteArray();
    HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", json ? "application/json" : "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
    if (gzip) {
      http.header("Content-Encoding", "gzip");
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return ExportOutcome.failed("timeout", e.getMessage());
    } catch (IOException e) {
      return ExportOutcome.failed("io_error", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExportOutcome.failed("interrupted", "");
    }
    int status = response.statusCode();
    String code = Integer.toString(status);
    if (status == 200) {
      try {
        long rejected = json ? OtlpJsonEncoder.rejectedSpans(response.body())
            : ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedSpans();
        return ExportOutcome.accepted(code, rejected);
      } catch (IOException | RuntimeException e) {
        return ExportOutcome.failed("undecodable_response", e.toString());
      }
    }
    String detail = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    // The statuses OTLP/HTTP calls retryable (otlp.md, "Retryable Response Codes"): overload or a proxy's.
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      return ExportOutcome.refused(code, detail);
    }
    return ExportOutcome.failed(code, detail);
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its connection closes when it is collected.
  }
}
