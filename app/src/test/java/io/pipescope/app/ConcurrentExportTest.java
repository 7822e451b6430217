package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.OtlpHttpClient;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.app.testing.Spans;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads exporting at once over both transports, into shared and new series: no count lost. */
class ConcurrentExportTest {
  private static final int THREADS = 16;
  private static final int REQUESTS_PER_THREAD = 60;
  private static final int SPANS_PER_REQUEST = 50;
  private static final int SPAN_NAMES = 5;

  @Test
  void concurrentExportersLoseNoCount() throws Exception {
    try (RunningPipescope server = RunningPipescope.start()) {
      ManagedChannel channel = ManagedChannelBuilder
          .forTarget("127.0.0.1:" + server.pipescope().grpcAddress().getPort()).usePlaintext().build();
      OtlpHttpClient http = new OtlpHttpClient(server.otlpHttpBase());
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
            // Half the series are shared by all threads, half are new to this thread: both the
            // hit path and the concurrent creation path are exercised.
            ExportTraceServiceRequest request = request(thread);
            if (thread % 2 == 0) {
              TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).export(request);
            } else {
              assertEquals(200, http.post("/v1/traces", "application/x-protobuf", request.toByteArray(),
                  i % 3 == 0).statusCode());
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

      MetricsPage page = server.scrape();
      long total = (long) THREADS * REQUESTS_PER_THREAD * SPANS_PER_REQUEST;
      assertEquals(total, page.sum("calls_total", "service_name", "concurrent"));
      assertEquals(total, page.sum("duration_seconds_count", "service_name", "concurrent"));
      long perSharedName = total / 2 / SPAN_NAMES;
      for (int n = 0; n < SPAN_NAMES; n++) {
        assertEquals(perSharedName, page.value("calls_total", "span_name", "shared-" + n));
      }
      for (int t = 0; t < THREADS; t++) {
        assertEquals((long) REQUESTS_PER_THREAD * SPANS_PER_REQUEST / 2,
            page.sum("calls_total", "span_name", "own-" + t));
      }
      assertEquals(total, page.sum("pipescope_ingest_spans_accepted_total"));
    }
  }

  private static ExportTraceServiceRequest request(int thread) {
    List<Span> spans = new ArrayList<>(SPANS_PER_REQUEST);
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      String name = i % 2 == 0 ? "shared-" + (i / 2 % SPAN_NAMES) : "own-" + thread;
      spans.add(Spans.valid(name).build());
    }
    return Spans.request("concurrent", spans);
  }
}
