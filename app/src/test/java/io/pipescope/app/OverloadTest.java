package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.OtlpHttpClient;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.app.testing.Spans;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * More in-flight data than the limit: clients get retryable refusals (HTTP 503 with Retry-After,
 * gRPC UNAVAILABLE with RetryInfo), the bytes held never pass the limit, and after the burst every
 * accepted span is counted.
 */
class OverloadTest {
  private static final long INFLIGHT_LIMIT = 1024 * 1024;
  private static final int SPANS_PER_REQUEST = 3000;

  @Test
  void burstPastTheInflightLimitIsRefusedRetryablyAndNothingAcceptedIsLost() throws Exception {
    try (RunningPipescope server = RunningPipescope.start(
        "ingest.limits.max_request_bytes=512KiB",
        "ingest.limits.max_decompressed_bytes=1MiB",
        "ingest.limits.max_inflight_bytes=" + INFLIGHT_LIMIT,
        "ingest.limits.max_inflight_requests=6",
        "ingest.worker_threads=1")) {
      byte[] body = request().toByteArray();
      assertTrue(body.length > 200 * 1024 && body.length < 512 * 1024, "request size " + body.length);
      ManagedChannel channel = ManagedChannelBuilder
          .forTarget("127.0.0.1:" + server.pipescope().grpcAddress().getPort()).usePlaintext().build();
      OtlpHttpClient http = new OtlpHttpClient(server.otlpHttpBase());
      AtomicLong acceptedSpans = new AtomicLong();
      AtomicLong refusedHttp = new AtomicLong();
      AtomicLong refusedGrpc = new AtomicLong();
      int senders = 16;
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < senders; t++) {
        boolean overGrpc = t % 2 == 0;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 15; i++) {
            if (overGrpc) {
              try {
                TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).export(request());
                acceptedSpans.addAndGet(SPANS_PER_REQUEST);
              } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
                assertTrue(hasRetryInfo(e), "UNAVAILABLE without RetryInfo: " + e.getStatus());
                refusedGrpc.incrementAndGet();
              }
            } else {
              HttpResponse<byte[]> r = http.post("/v1/traces", "application/x-protobuf", body, false);
              if (r.statusCode() == 200) {
                acceptedSpans.addAndGet(SPANS_PER_REQUEST);
              } else {
                assertEquals(503, r.statusCode());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                refusedHttp.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

      MetricsPage page = server.scrape();
      System.out.printf("overload: accepted %d spans; refused %d HTTP and %d gRPC requests; peak in-flight %.0f bytes%n",
          acceptedSpans.get(), refusedHttp.get(), refusedGrpc.get(), page.value("pipescope_ingest_inflight_bytes_peak"));
      assertTrue(refusedHttp.get() > 0, "no HTTP request was refused: the burst did not pass the limit");
      assertTrue(refusedGrpc.get() + refusedHttp.get() > 0);
      assertTrue(acceptedSpans.get() > 0, "nothing was accepted");
      assertEquals(acceptedSpans.get(), page.sum("calls_total", "service_name", "burst"),
          "every accepted span must be counted");
      double peak = page.value("pipescope_ingest_inflight_bytes_peak");
      assertTrue(peak > 0 && peak <= INFLIGHT_LIMIT, "peak in-flight bytes " + peak + " vs limit " + INFLIGHT_LIMIT);
      assertEquals(0, page.value("pipescope_ingest_inflight_bytes"), "in-flight bytes must return to zero");
      assertEquals(0, page.value("pipescope_ingest_inflight_requests"));
      assertEquals(refusedHttp.get() + refusedGrpc.get(),
          page.sum("pipescope_ingest_refused_requests_total", "reason", "max_inflight_bytes")
              + page.sum("pipescope_ingest_refused_requests_total", "reason", "max_inflight_requests"));
    }
  }

  private static boolean hasRetryInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return false;
    }
    return status.getDetailsList().stream().anyMatch(any -> {
      try {
        return any.is(RetryInfo.class) && any.unpack(RetryInfo.class).getRetryDelay().getSeconds() == 1;
      } catch (InvalidProtocolBufferException ex) {
        return false;
      }
    });
  }

  private static ExportTraceServiceRequest request() {
    List<Span> spans = new ArrayList<>(SPANS_PER_REQUEST);
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      spans.add(Spans.valid("stage-" + (i % 7)).addAttributes(Spans.attribute("factory.feature.id", "F-" + i)).build());
    }
    return Spans.request("burst", spans);
  }
}
