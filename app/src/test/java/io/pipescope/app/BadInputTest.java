package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.Status;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.OtlpHttpClient;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.app.testing.Spans;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets the right status and a message a person understands, and the valid
 * spans sent alongside or afterwards are all counted. One server for the class: each test checks
 * its own counters, and the last test checks that nothing valid was lost across all of them.
 */
class BadInputTest {
  private static RunningPipescope server;
  private static OtlpHttpClient client;
  private static ManagedChannel channel;
  private static long validSpansSent;

  @BeforeAll
  static void start() {
    server = RunningPipescope.start(
        "ingest.limits.max_request_bytes=64KiB",
        "ingest.limits.max_decompressed_bytes=1MiB",
        "ingest.limits.max_attributes_per_span=4",
        "ingest.limits.max_attribute_value_length=100",
        "ingest.limits.max_spans_per_request=50");
    client = new OtlpHttpClient(server.otlpHttpBase());
    channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + server.pipescope().grpcAddress().getPort())
        .usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void undecodableProtobufIs400WithStatusBody() throws Exception {
    HttpResponse<byte[]> response = client.post("/v1/traces", "application/x-protobuf",
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, false);
    assertEquals(400, response.statusCode());
    assertEquals("application/x-protobuf", response.headers().firstValue("Content-Type").orElseThrow());
    Status status = Status.parseFrom(response.body());
    assertTrue(status.getMessage().contains("not a protobuf-encoded ExportTraceServiceRequest"), status.getMessage());
    sendValidOverHttp();
  }

  @Test
  void undecodableJsonIs400WithJsonStatusNamingTheProblem() {
    HttpResponse<byte[]> response = client.post("/v1/traces", "application/json",
        "{\"resourceSpans\": [ {".getBytes(StandardCharsets.UTF_8), false);
    assertEquals(400, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("\"code\":3") && body.contains("not valid JSON"), body);

    HttpResponse<byte[]> base64Ids = client.post("/v1/traces", "application/json",
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]}]}]}"
            .getBytes(StandardCharsets.UTF_8), false);
    assertEquals(400, base64Ids.statusCode());
    assertTrue(new String(base64Ids.body(), StandardCharsets.UTF_8).contains("must be a hex string"));
    sendValidOverHttp();
  }

  @Test
  void wrongContentTypeIs415() {
    HttpResponse<byte[]> response = client.post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), false);
    assertEquals(415, response.statusCode());
    assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("application/x-protobuf or application/json"));
    HttpResponse<byte[]> brotli = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "br")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build());
    assertEquals(415, brotli.statusCode());
    assertTrue(new String(brotli.body(), StandardCharsets.UTF_8).contains("Content-Encoding"));
    sendValidOverHttp();
  }

  @Test
  void wrongPathIs404AndWrongMethodIs405() {
    HttpResponse<byte[]> notFound = client.post("/v1/trace", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false);
    assertEquals(404, notFound.statusCode());
    HttpResponse<byte[]> logs = client.post("/v1/logs", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false);
    assertEquals(404, logs.statusCode());
    assertTrue(new String(logs.body(), StandardCharsets.UTF_8).contains("does not accept logs"));
    HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/v1/traces")).GET().build());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    sendValidOverHttp();
  }

  @Test
  void oversizeBodyIs413NamingTheLimit() {
    byte[] big = validRequest("big", 1).toBuilder().build().toByteArray();
    byte[] padded = new byte[70 * 1024];
    System.arraycopy(big, 0, padded, 0, big.length);
    HttpResponse<byte[]> response = client.post("/v1/traces", "application/x-protobuf", padded, false);
    assertEquals(413, response.statusCode());
    assertTrue(statusMessage(response).contains("max_request_bytes"), statusMessage(response));
    assertRefused("http", "max_request_bytes");
    sendValidOverHttp();
  }

  @Test
  void gzipBombIs413NamingTheDecompressedLimit() {
    byte[] zeros = new byte[32 * 1024 * 1024];
    byte[] bomb = OtlpHttpClient.gzip(zeros);
    assertTrue(bomb.length < 64 * 1024, "the bomb itself must pass the wire limit");
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)).build());
    assertEquals(413, response.statusCode());
    assertTrue(statusMessage(response).contains("max_decompressed_bytes"), statusMessage(response));
    assertRefused("http", "max_decompressed_bytes");
    sendValidOverHttp();
  }

  @Test
  void invalidIdsAndTooManyAttributesArePartialSuccessAndTheRestIsKept() throws Exception {
    List<Span> spans = new ArrayList<>();
    spans.add(Spans.valid("mixed-ok").build());
    spans.add(Spans.valid("mixed-bad").setTraceId(ByteString.copyFrom(new byte[15])).build());
    spans.add(Spans.valid("mixed-bad").setSpanId(ByteString.copyFrom(new byte[8])).build());
    spans.add(Spans.valid("mixed-bad").setEndTimeUnixNano(1).build());
    Span.Builder crowded = Spans.valid("mixed-bad");
    for (int i = 0; i < 5; i++) {
      crowded.addAttributes(Spans.attribute("k" + i, "v"));
    }
    spans.add(crowded.build());
    spans.add(Spans.valid("mixed-bad").addAttributes(Spans.attribute("long", "x".repeat(101))).build());
    spans.add(Spans.valid("mixed-ok").build());
    ExportTraceServiceRequest request = Spans.request("partial", spans);

    HttpResponse<byte[]> response = client.post("/v1/traces", "application/x-protobuf", request.toByteArray(), false);
    assertEquals(200, response.statusCode());
    ExportTraceServiceResponse partial = ExportTraceServiceResponse.parseFrom(response.body());
    assertEquals(5, partial.getPartialSuccess().getRejectedSpans());
    String message = partial.getPartialSuccess().getErrorMessage();
    assertTrue(message.contains("rejected 5 of 7 spans") && message.contains("trace_id must be 16 bytes")
        && message.contains("and 2 more"), message);

    ExportTraceServiceResponse overGrpc = TraceServiceGrpc.newBlockingStub(channel).export(request);
    assertEquals(5, overGrpc.getPartialSuccess().getRejectedSpans());

    MetricsPage page = server.scrape();
    assertEquals(4, page.sum("calls_total", "service_name", "partial", "span_name", "mixed-ok"));
    assertEquals(0, page.sum("calls_total", "service_name", "partial", "span_name", "mixed-bad"));
    assertEquals(2, page.value("pipescope_ingest_spans_rejected_total", "transport", "http", "reason", "invalid_trace_id")
        + page.value("pipescope_ingest_spans_rejected_total", "transport", "grpc", "reason", "invalid_trace_id"));
    assertEquals(2, page.sum("pipescope_ingest_spans_rejected_total", "reason", "max_attributes_per_span"));
    assertEquals(2, page.sum("pipescope_ingest_spans_rejected_total", "reason", "max_attribute_value_length"));
    assertEquals(2, page.sum("pipescope_ingest_spans_rejected_total", "reason", "end_before_start"));
    assertEquals(2, page.sum("pipescope_ingest_spans_rejected_total", "reason", "invalid_span_id"));
  }

  @Test
  void tooManySpansInOneRequestIsRefusedWhole() {
    ExportTraceServiceRequest request = validRequest("crowd", 51);
    HttpResponse<byte[]> response = client.post("/v1/traces", "application/x-protobuf", request.toByteArray(), false);
    assertEquals(413, response.statusCode());
    assertTrue(statusMessage(response).contains("max_spans_per_request"));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> TraceServiceGrpc.newBlockingStub(channel).export(request));
    assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(0, server.scrape().sum("calls_total", "service_name", "crowd"));
  }

  @Test
  void undecodableGrpcMessageIsInvalidArgument() {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
        .setRequestMarshaller(new BytesMarshaller())
        .setResponseMarshaller(new BytesMarshaller())
        .build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}));
    assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains("ExportTraceServiceRequest"), e.getStatus().getDescription());
    long before = (long) server.scrape().sum("calls_total", "service_name", "grpc-after-bad");
    TraceServiceGrpc.newBlockingStub(channel).export(validRequest("grpc-after-bad", 3));
    assertEquals(before + 3, server.scrape().sum("calls_total", "service_name", "grpc-after-bad"));
  }

  @Test
  void grpcLogsAreUnimplementedWithAClearMessage() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc.newBlockingStub(channel)
            .export(io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.getDefaultInstance()));
    assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("does not accept logs"));
  }

  @Test
  void everyValidSpanSentAfterBadInputWasCounted() {
    sendValidOverHttp();
    assertEquals(validSpansSent, server.scrape().sum("calls_total", "service_name", "after-bad-input"));
  }

  private static synchronized void sendValidOverHttp() {
    HttpResponse<byte[]> ok = client.post("/v1/traces", "application/x-protobuf",
        validRequest("after-bad-input", 2).toByteArray(), false);
    assertEquals(200, ok.statusCode(), "a valid request after bad input must be accepted");
    validSpansSent += 2;
  }

  private static ExportTraceServiceRequest validRequest(String service, int spans) {
    List<Span> list = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      list.add(Spans.valid("ok").build());
    }
    return Spans.request(service, list);
  }

  private static String statusMessage(HttpResponse<byte[]> response) {
    try {
      return Status.parseFrom(response.body()).getMessage();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("error body is not a google.rpc.Status", e);
    }
  }

  private static void assertRefused(String transport, String reason) {
    assertTrue(server.scrape().value("pipescope_ingest_refused_requests_total", "transport", transport,
        "reason", reason) >= 1, "refusal not counted: " + reason);
  }

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
