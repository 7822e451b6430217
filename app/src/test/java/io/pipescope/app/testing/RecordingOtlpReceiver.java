package io.pipescope.app.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf) that keeps every span it is sent, with
 * its resource, so a test can check ids, parents, times and attributes exactly as sent.
 */
public final class RecordingOtlpReceiver implements AutoCloseable {
  /** One received span and the resource it came with. */
  public record Received(Span span, Resource resource) {
    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    /** The span attribute's value, or null. */
    public AnyValue attribute(String key) {
      return find(span.getAttributesList(), key);
    }

    /** The resource attribute's value, or null. */
    public AnyValue resourceAttribute(String key) {
      return find(resource.getAttributesList(), key);
    }

    private static AnyValue find(List<KeyValue> attributes, String key) {
      for (KeyValue kv : attributes) {
        if (kv.getKey().equals(key)) {
          return kv.getValue();
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final List<Map<String, String>> requestHeaders = new ArrayList<>();

  private RecordingOtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static RecordingOtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      RecordingOtlpReceiver receiver = new RecordingOtlpReceiver(server);
      server.createContext("/v1/traces", exchange -> {
        try {
          InputStream body = exchange.getRequestBody();
          if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
          }
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
          receiver.record(ExportTraceServiceRequest.parseFrom(body), headers);
          byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
          exchange.getResponseBody().write(response);
        } finally {
          exchange.close();
        }
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void record(ExportTraceServiceRequest request, Map<String, String> headers) {
    requestHeaders.add(headers);
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          received.add(new Received(span, rs.getResource()));
        }
      }
    }
  }

  /** The base endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code http/protobuf}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized List<Received> spans() {
    return List.copyOf(received);
  }

  /** The one span named {@code name}; fails when there are none or several. */
  public synchronized Received span(String name) {
    List<Received> named = received.stream().filter(r -> r.span().getName().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", got " + named.size() + " of " + received);
    }
    return named.get(0);
  }

  /** The headers of every request, in order; names match case-insensitively. */
  public synchronized List<Map<String, String>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
