package io.pipescope.app.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.app.cli.PipescopeCommand;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.RunningPipescope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pipescope loadgen} against a real pipescope: what it counts as accepted, refused and
 * rejected is exactly what the server counted, over each protocol.
 */
class LoadgenAgainstPipescopeTest {
  @TempDir Path dir;

  private static LoadgenOptions options(RunningPipescope server, LoadgenOptions.Protocol protocol, int exporters,
      int batch, Duration duration, long spans) {
    int port = protocol == LoadgenOptions.Protocol.GRPC ? server.pipescope().grpcAddress().getPort()
        : server.pipescope().otlpHttpAddress().getPort();
    return new LoadgenOptions(protocol, "127.0.0.1", port, exporters, batch, 0, duration, spans, 3, false,
        Duration.ofSeconds(30));
  }

  private static String transport(LoadgenOptions.Protocol protocol) {
    return protocol == LoadgenOptions.Protocol.GRPC ? "grpc" : "http";
  }

  @ParameterizedTest
  @EnumSource(LoadgenOptions.Protocol.class)
  void acceptedSpansAreExactlyWhatTheServerCounted(LoadgenOptions.Protocol protocol) throws Exception {
    try (RunningPipescope server = RunningPipescope.start()) {
      // A span count, not a duration: the run is the same on a fast machine and a loaded one.
      LoadSummary s = new LoadGenerator(options(server, protocol, 2, 200, null, 6_100)).run(p -> { });
      MetricsPage page = server.scrape();
      String transport = transport(protocol);

      assertEquals(6_100, s.spansSent());
      assertEquals(31, s.requestsSent(), "30 requests of 200 and one of 100");
      assertEquals(s.spansSent(), s.spansAccepted(), s.toText());
      assertEquals(s.spansAccepted(), page.value("pipescope_ingest_spans_accepted_total", "transport", transport));
      assertEquals(s.spansSent(), page.value("pipescope_ingest_spans_received_total", "transport", transport));
      assertEquals(s.requestsSent(), page.sum("pipescope_ingest_requests_total", "transport", transport));
      assertEquals(s.spansAccepted(), page.sum("calls_total"), "every span reached aggregation");
      assertTrue(page.sum("checker_runs_total") > 0 && page.sum("code_generation_tokens_total") > 0,
          "the spans are factory spans");
      assertTrue(s.latency().p50() > 0 && s.latency().p50() <= s.latency().p99());
      assertTrue(s.spansPerSecond() > 0 && s.requestsPerSecond() > 0);
    }
  }

  @ParameterizedTest
  @EnumSource(value = LoadgenOptions.Protocol.class, names = {"GRPC", "HTTP_PROTOBUF"})
  void spansRejectedInPartialSuccessAreCountedAsErrors(LoadgenOptions.Protocol protocol) throws Exception {
    // Nine attributes at most: code generation, security scan, deploy and health check spans carry more.
    try (RunningPipescope server = RunningPipescope.start("ingest.limits.max_attributes_per_span=9")) {
      LoadSummary s = new LoadGenerator(options(server, protocol, 2, 100, null, 5_000)).run(p -> { });
      MetricsPage page = server.scrape();
      String transport = transport(protocol);

      assertEquals(5_000, s.spansSent());
      assertTrue(s.spansRejected() > 500, "rejected " + s.spansRejected());
      assertEquals(s.spansRejected(), page.sum("pipescope_ingest_spans_rejected_total", "transport", transport));
      assertEquals(s.spansAccepted(), page.value("pipescope_ingest_spans_accepted_total", "transport", transport));
      assertEquals(s.spansSent(), s.spansAccepted() + s.spansRefused() + s.spansErrors());
      assertEquals(s.spansRejected(), s.spansErrors(), "no request failed, some spans were rejected");
    }
  }

  @ParameterizedTest
  @EnumSource(value = LoadgenOptions.Protocol.class, names = {"GRPC", "HTTP_PROTOBUF"})
  void overloadRefusalsAreCountedAsRefusedAndTheRunGoesOn(LoadgenOptions.Protocol protocol) throws Exception {
    // One request at a time on one worker; eight exporters: most requests find the server busy.
    try (RunningPipescope server = RunningPipescope.start("ingest.limits.max_inflight_requests=1",
        "ingest.worker_threads=1")) {
      LoadSummary s = new LoadGenerator(options(server, protocol, 8, 100, null, 20_000)).run(p -> { });
      MetricsPage page = server.scrape();
      String transport = transport(protocol);

      assertEquals(20_000, s.spansSent(), "refusals do not stop the run");
      assertTrue(s.requestsRefused() > 0, s.toText());
      assertEquals(s.requestsRefused(), page.value("pipescope_ingest_refused_requests_total", "transport", transport,
          "reason", "max_inflight_requests"));
      assertEquals(100 * s.requestsRefused(), s.spansRefused());
      assertEquals(s.spansAccepted(), page.value("pipescope_ingest_spans_accepted_total", "transport", transport));
      assertEquals(s.spansSent(), s.spansAccepted() + s.spansRefused() + s.spansErrors());
      String refusal = protocol == LoadgenOptions.Protocol.GRPC ? "UNAVAILABLE" : "503";
      assertEquals(Map.of(protocol == LoadgenOptions.Protocol.GRPC ? "OK" : "200", s.requestsAccepted(),
          refusal, s.requestsRefused()), s.statuses());
    }
  }

  @Test
  void theCommandPrintsTheSummaryAndWritesConsistentJson() throws Exception {
    try (RunningPipescope server = RunningPipescope.start()) {
      Path json = dir.resolve("summary.json");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new PipescopeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("loadgen", "--protocol", "http/protobuf", "--endpoint", server.otlpHttpBase(), "--exporters", "2",
              "--batch-size", "100", "--duration", "2500ms", "--progress", "plain", "--summary-json", json.toString());
      assertEquals(0, exit, err.toString());
      assertTrue(out.toString().contains("throughput") && out.toString().contains("p99"), out.toString());
      assertTrue(err.toString().lines().anyMatch(l -> l.contains("spans/s") && l.contains("p50")),
          "a progress line a second: " + err);

      JsonNode summary = new ObjectMapper().readTree(Files.readString(json));
      for (String field : new String[] {"protocol", "endpoint", "exporters", "batch_size", "target_spans_per_second",
          "elapsed_seconds", "requests", "spans", "throughput", "latency_ms", "statuses", "features_begun"}) {
        assertTrue(summary.has(field), "summary JSON has " + field + ": " + summary);
      }
      JsonNode spans = summary.get("spans");
      assertEquals(spans.get("sent").asLong(),
          spans.get("accepted").asLong() + spans.get("refused").asLong() + spans.get("errors").asLong());
      JsonNode requests = summary.get("requests");
      assertEquals(requests.get("sent").asLong(), requests.get("accepted").asLong() + requests.get("refused").asLong()
          + requests.get("failed").asLong());
      long answers = 0;
      for (Iterator<JsonNode> it = summary.get("statuses").elements(); it.hasNext(); ) {
        answers += it.next().asLong();
      }
      assertEquals(requests.get("sent").asLong(), answers);
      JsonNode latency = summary.get("latency_ms");
      assertTrue(latency.get("p50").asDouble() > 0);
      assertTrue(latency.get("p50").asDouble() <= latency.get("p95").asDouble()
          && latency.get("p95").asDouble() <= latency.get("p99").asDouble()
          && latency.get("p99").asDouble() <= latency.get("max").asDouble(), latency.toString());
      double elapsed = summary.get("elapsed_seconds").asDouble();
      assertTrue(elapsed >= 2.5, "ran for its duration: " + elapsed);
      assertEquals(spans.get("accepted").asLong() / elapsed,
          summary.get("throughput").get("spans_per_second").asDouble(), 0.1 + 1e-3 * spans.get("accepted").asLong());
      assertEquals("http/protobuf", summary.get("protocol").asText());
      assertTrue(summary.get("target_spans_per_second").isNull(), "flat out");
      assertEquals(spans.get("accepted").asLong(),
          (long) server.scrape().value("pipescope_ingest_spans_accepted_total", "transport", "http"));
    }
  }

  @Test
  void aRateLimitedCommandRunSendsTheAskedRate() throws Exception {
    try (RunningPipescope server = RunningPipescope.start()) {
      Path json = dir.resolve("rate.json");
      int exit = new CommandLine(new PipescopeCommand()).setOut(new PrintWriter(new StringWriter()))
          .setErr(new PrintWriter(new StringWriter()))
          .execute("loadgen", "--endpoint", server.grpcEndpoint(), "--rate", "1500", "--batch-size", "50",
              "--duration", "2s", "--progress", "off", "--summary-json", json.toString());
      assertEquals(0, exit);
      JsonNode summary = new ObjectMapper().readTree(Files.readString(json));
      // 30 requests a second for 2 s: 60 slots of 50 spans, each sent or, if a second late (a cold
      // server on a loaded machine), dropped and counted. The count is the schedule's, not the machine's.
      long sent = summary.get("spans").get("sent").asLong();
      long dropped = summary.get("requests").get("dropped").asLong();
      assertEquals(3000, sent + 50 * dropped);
      assertTrue(sent > 0);
      assertEquals(1500.0, summary.get("target_spans_per_second").asDouble());
      assertTrue(summary.get("elapsed_seconds").asDouble() >= 1.96, "no faster than asked");
      assertEquals(sent, (long) server.scrape().value("pipescope_ingest_spans_accepted_total", "transport", "grpc"));
    }
  }

  @Test
  void anEndpointWithNothingListeningIsAnErrorBeforeAnyLoad() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new PipescopeCommand()).setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err)).execute("loadgen", "--endpoint", "127.0.0.1:" + port, "--duration", "1s");
    assertEquals(1, exit);
    assertTrue(err.toString().contains("cannot connect to 127.0.0.1:" + port), err.toString());
  }
}
