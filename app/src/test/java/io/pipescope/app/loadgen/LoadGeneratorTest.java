package io.pipescope.app.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator against scripted exporters: every span is accounted for, budgets and rates are kept. */
class LoadGeneratorTest {
  private static LoadgenOptions options(int exporters, int batch, double rate, Duration duration, long spans) {
    return new LoadgenOptions(LoadgenOptions.Protocol.GRPC, "127.0.0.1", 4317, exporters, batch, rate, duration, spans,
        1, false, Duration.ofSeconds(5));
  }

  private static int spansIn(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  @Test
  void everySpanSentIsAcceptedRefusedOrAnErrorAndStatusesAreCounted() throws Exception {
    // Request i (over all exporters): accepted, accepted with 3 spans rejected, refused, failed.
    AtomicInteger calls = new AtomicInteger();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    LoadGenerator generator = new LoadGenerator(options(3, 100, 0, null, 40_050), () -> new Exporter() {
      @Override
      public ExportOutcome export(ExportTraceServiceRequest request) {
        sizes.add(spansIn(request));
        return switch (calls.getAndIncrement() % 4) {
          case 0 -> ExportOutcome.accepted("OK", 0);
          case 1 -> ExportOutcome.accepted("OK", 3);
          case 2 -> ExportOutcome.refused("UNAVAILABLE", "overloaded");
          default -> ExportOutcome.failed("INVALID_ARGUMENT", "bad");
        };
      }

      @Override
      public void close() {}
    }, 0);
    LoadSummary s = generator.run(p -> { });

    assertEquals(401, s.requestsSent(), "400 full requests and one of 50");
    assertEquals(40_050, s.spansSent());
    assertEquals(40_050, sizes.stream().mapToInt(Integer::intValue).sum(), "the requests carried exactly that");
    assertEquals(s.spansSent(), s.spansAccepted() + s.spansRefused() + s.spansErrors());
    // Answers go by call order: 101 plain accepts, 100 with 3 rejected, 100 refused, 100 failed.
    assertEquals(201, s.requestsAccepted());
    assertEquals(100, s.requestsRefused());
    assertEquals(100, s.requestsFailed());
    assertEquals(Map.of("OK", 201L, "UNAVAILABLE", 100L, "INVALID_ARGUMENT", 100L), s.statuses());
    assertEquals(300, s.spansRejected());
    // One request carried 50 spans, the rest 100: whichever answer it got, the sums are these.
    assertTrue(s.spansRefused() == 10_000 || s.spansRefused() == 9_950, "refused " + s.spansRefused());
    assertTrue(s.spansErrors() - 300 == 10_000 || s.spansErrors() - 300 == 9_950, "failed " + s.spansErrors());
    assertTrue(s.latency().p50() <= s.latency().p95() && s.latency().p95() <= s.latency().p99()
        && s.latency().p99() <= s.latency().max());
    assertTrue(s.featuresBegun() > 40_050 / 14, "simulated features: " + s.featuresBegun());
  }

  @Test
  void rateLimitedRunSendsTheAskedRateAndNoFaster() throws Exception {
    // 2000 spans/s in batches of 50 for 2 s: 40 requests a second, slots due at 0, 25 ms, ... 1975 ms.
    List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
    LoadGenerator generator = new LoadGenerator(options(2, 50, 2000, Duration.ofSeconds(2), 0), () -> new Exporter() {
      @Override
      public ExportOutcome export(ExportTraceServiceRequest request) {
        sentAt.add(System.nanoTime());
        return ExportOutcome.accepted("OK", 0);
      }

      @Override
      public void close() {}
    }, 0);
    long before = System.nanoTime();
    LoadSummary s = generator.run(p -> { });

    // The count is the schedule's, however fast or slow this machine is: 80 slots, each sent or dropped.
    assertEquals(4000, s.spansSent() + 50 * s.requestsDropped());
    assertEquals(s.spansSent() / 50, sentAt.size());
    assertTrue(s.requestsDropped() <= 8, "an instant exporter keeps up with 40 requests a second: "
        + s.requestsDropped() + " dropped");
    List<Long> sorted = new ArrayList<>(sentAt);
    Collections.sort(sorted);
    // No request goes before its slot: the k-th request (0-based) is not sent before k * 25 ms.
    for (int k = 0; k < sorted.size(); k++) {
      assertTrue(sorted.get(k) - before >= k * 25_000_000L, "request " + k + " sent early");
    }
    assertTrue(s.elapsedSeconds() >= 1.975, "took " + s.elapsedSeconds() + " s");
  }

  @Test
  void refusedAnswersDoNotStopTheRunAndEachIsFollowedByABackoff() throws Exception {
    List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
    LoadGenerator generator = new LoadGenerator(options(1, 10, 0, null, 100), () -> new Exporter() {
      @Override
      public ExportOutcome export(ExportTraceServiceRequest request) {
        sentAt.add(System.nanoTime());
        return ExportOutcome.refused("503", "busy");
      }

      @Override
      public void close() {}
    }, 20_000_000L);
    LoadSummary s = generator.run(p -> { });
    assertEquals(10, s.requestsRefused());
    assertEquals(100, s.spansRefused());
    assertEquals(0, s.spansAccepted());
    assertEquals(Map.of("503", 10L), s.statuses());
    for (int i = 1; i < sentAt.size(); i++) {
      assertTrue(sentAt.get(i) - sentAt.get(i - 1) >= 20_000_000L, "no retry before the backoff");
    }
  }
}
