package io.pipescope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Status;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.PipescopeCli;
import io.pipescope.app.testing.PipescopeCli.Run;
import io.pipescope.app.testing.RecordingOtlpReceiver;
import io.pipescope.app.testing.RecordingOtlpReceiver.Received;
import io.pipescope.app.testing.RunningPipescope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code pipescope stage} as a pipeline runs it: a child process whose exit code is checked, and
 * whose span is checked as pipescope counts it (a real pipescope in-process, over gRPC) or exactly as
 * sent (a recording OTLP/HTTP receiver).
 */
class StageCommandTest {
  private static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** Shared: each test names its stages apart. */
  private static RunningPipescope server;

  @TempDir Path dir;

  @BeforeAll
  static void startPipescope() {
    server = RunningPipescope.start();
  }

  @AfterAll
  static void stopPipescope() {
    server.close();
  }

  @ParameterizedTest(name = "sh -c ''{1}'' exits {0}")
  @CsvSource({"0, exit 0, success", "1, exit 1, failure", "137, kill -9 $$, failure"})
  void theStepsExitCodeIsReturnedAndPipescopeCountsTheRunsResult(int code, String script, String result) {
    String stage = "exit_" + code;
    Run run = new PipescopeCli(dir).with(ENDPOINT, server.grpcEndpoint())
        .run("stage", "--name", stage, "--", "sh", "-c", script);

    assertEquals(code, run.exitCode(), run.stderr());
    assertEquals("", run.stderr(), "the span was sent: nothing to say");
    MetricsPage page = server.scrape();
    assertEquals(1, page.value("checker_runs_total", "checker_name", stage, "status", result));
    assertEquals(1, page.sum("checker_runs_total", "checker_name", stage));
    assertEquals(code == 0 ? 0 : 1, page.value("checker_failures_total", "checker_name", stage));
    assertEquals(1, page.value("calls_total", "span_name", stage,
        "status_code", code == 0 ? "STATUS_CODE_OK" : "STATUS_CODE_ERROR"));
  }

  @Test
  void aFailingStepSendsAFailureSpanWithTheContractsAttributes() {
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).with("OTEL_SERVICE_NAME", "checkout-pipeline")
          .with("OTEL_RESOURCE_ATTRIBUTES", "cicd.pipeline.name=factory-main,team=pay%20ments")
          .run("stage", "--name", "test_coverage", "--feature", "FEAT-7", "--attempt", "2",
              "--attr", "factory.stage.kind=check", "--", "sh", "-c", "sleep 0.3; exit 3");

      assertEquals(3, run.exitCode(), run.stderr());
      Received span = receiver.span("test_coverage");
      assertEquals("test_coverage", span.attribute("cicd.pipeline.task.name").getStringValue());
      assertEquals("failure", span.attribute("cicd.pipeline.task.run.result").getStringValue());
      assertEquals(3, span.attribute("process.exit.code").getIntValue());
      assertEquals(2, span.attribute("factory.attempt").getIntValue());
      assertEquals("FEAT-7", span.attribute("factory.feature.id").getStringValue());
      assertEquals("check", span.attribute("factory.stage.kind").getStringValue());
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.span().getStatus().getCode());
      assertEquals("exit code 3", span.span().getStatus().getMessage());
      long nanos = span.span().getEndTimeUnixNano() - span.span().getStartTimeUnixNano();
      assertTrue(nanos >= 300_000_000L, "the span covers the command's wall time, sleep included: " + nanos);
      assertTrue(span.span().getParentSpanId().isEmpty(), "no TRACEPARENT: the stage starts a trace");
      assertEquals("checkout-pipeline", span.resourceAttribute("service.name").getStringValue());
      assertEquals("factory-main", span.resourceAttribute("cicd.pipeline.name").getStringValue());
      assertEquals("pay ments", span.resourceAttribute("team").getStringValue());
    }
  }

  @Test
  void aPassingStepWithoutAttemptLeavesRetriesToPipescope() {
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).run("stage", "--name", "build", "--", "true");

      assertEquals(0, run.exitCode(), run.stderr());
      Received span = receiver.span("build");
      assertEquals("success", span.attribute("cicd.pipeline.task.run.result").getStringValue());
      assertEquals(Status.StatusCode.STATUS_CODE_OK, span.span().getStatus().getCode());
      assertNull(span.attribute("factory.attempt"), "an attempt of 1 would hide a rerun from pipescope");
      assertNull(span.attribute("factory.feature.id"));
    }
  }

  @Test
  void aCommandThatCannotBeFoundExits127WithAMessageAndAFailedSpan() {
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).run("stage", "--name", "lint", "--", "no-such-command-for-pipescope");

      assertEquals(127, run.exitCode(), run.stderr());
      assertTrue(run.stderr().contains("pipescope: cannot run no-such-command-for-pipescope: No such file or directory"),
          run.stderr());
      Received span = receiver.span("lint");
      assertEquals("error", span.attribute("cicd.pipeline.task.run.result").getStringValue());
      assertEquals(127, span.attribute("process.exit.code").getIntValue());
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.span().getStatus().getCode());
    }
  }

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 4})
  void anUnreachableReceiverLeavesTheExitCodeAloneAndSaysSoInOneLine(int code) throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Run run = new PipescopeCli(dir).with(ENDPOINT, "http://127.0.0.1:" + closed)
        .run("stage", "--name", "build", "--", "sh", "-c", "exit " + code);

    assertEquals(code, run.exitCode(), run.stderr());
    List<String> lines = run.stderr().lines().toList();
    assertEquals(1, lines.size(), run.stderr());
    assertTrue(lines.get(0).startsWith("pipescope: span \"build\" could not be sent to http://127.0.0.1:" + closed
        + " (grpc): "), lines.get(0));
  }

  @Test
  void aReceiverThatNeverAnswersIsGivenUpAfterTheExportTimeout() throws IOException {
    // Connections complete in the kernel's backlog, but nothing is ever read or answered.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Run run = new PipescopeCli(dir).with(ENDPOINT, "http://127.0.0.1:" + silent.getLocalPort())
          .with("OTEL_EXPORTER_OTLP_TIMEOUT", "700")
          .run("stage", "--name", "build", "--", "sh", "-c", "exit 5");

      assertEquals(5, run.exitCode(), run.stderr());
      assertEquals(List.of("pipescope: span \"build\" could not be sent to http://127.0.0.1:" + silent.getLocalPort()
          + " (grpc): no answer within 700 ms (the step's exit code is unchanged)"), run.stderr().lines().toList());
    }
  }

  @Test
  void theTracesEndpointHeadersAndCompressionComeFromTheStandardVariables() {
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = new PipescopeCli(dir)
          .with(ENDPOINT, "http://127.0.0.1:1")
          .with("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces")
          .with("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
          .with("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cret,x-team=payments")
          .with("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
          .run("stage", "--name", "build", "--", "true");

      assertEquals(0, run.exitCode(), run.stderr());
      assertEquals("", run.stderr());
      receiver.span("build");
      Map<String, String> headers = receiver.requestHeaders().get(0);
      assertEquals("Bearer s3cret", headers.get("authorization"));
      assertEquals("payments", headers.get("x-team"));
      assertEquals("gzip", headers.get("content-encoding"));
    }
  }

  @Test
  void anUnusableSettingIsNamedAndTheStepStillRuns() {
    Run run = new PipescopeCli(dir).with("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")
        .run("stage", "--name", "build", "--", "sh", "-c", "exit 6");

    assertEquals(6, run.exitCode(), run.stderr());
    assertEquals(List.of("pipescope: OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not a protocol pipescope can send with"
        + " (grpc or http/protobuf); no span will be sent"), run.stderr().lines().toList());
  }

  @Test
  void aStageInsideAStageIsItsChildAndTheCallersTraceparentIsTheParent() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).with("TRACEPARENT", "00-" + traceId + "-" + callerSpan + "-01")
          .with("TRACESTATE", "vendor=42")
          .run("stage", "--name", "outer", "--", "pipescope", "stage", "--name", "inner", "--", "sh", "-c", "exit 2");

      assertEquals(2, run.exitCode(), "the inner step's code passes through both stages: " + run.stderr());
      Received outer = receiver.span("outer");
      Received inner = receiver.span("inner");
      assertEquals(traceId, outer.traceId());
      assertEquals(traceId, inner.traceId());
      assertEquals(callerSpan, outer.parentSpanId());
      assertEquals(outer.spanId(), inner.parentSpanId());
      assertEquals("vendor=42", outer.span().getTraceState());
      assertEquals("vendor=42", inner.span().getTraceState());
      assertTrue(outer.span().getStartTimeUnixNano() <= inner.span().getStartTimeUnixNano()
          && inner.span().getEndTimeUnixNano() <= outer.span().getEndTimeUnixNano(), "the inner run lies inside the outer");
    }
  }

  @Test
  void theStepSeesTheStageSpanAsItsTraceparent() {
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).with("TRACESTATE", "stale=1")
          .run("stage", "--name", "print", "--", "sh", "-c", "echo \"$TRACEPARENT ${TRACESTATE-unset}\"");

      assertEquals(0, run.exitCode(), run.stderr());
      Received span = receiver.span("print");
      assertEquals("00-" + span.traceId() + "-" + span.spanId() + "-01 unset\n", run.stdout(),
          "a new trace carries no trace state from elsewhere");
    }
  }

  @Test
  void anUnsampledCallerIsHonouredAndNothingIsSent() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = httpCli(receiver).with("TRACEPARENT", traceparent)
          .run("stage", "--name", "quiet", "--", "sh", "-c", "echo \"$TRACEPARENT\"");

      assertEquals(0, run.exitCode(), run.stderr());
      assertEquals(List.of(), receiver.spans());
      assertTrue(run.stdout().startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-") && run.stdout().endsWith("-00\n"),
          "the child continues the unsampled trace: " + run.stdout());
    }
  }

  @Test
  void sigtermIsPassedToTheStepWhoseSpanSaysCancelled() throws Exception {
    Path ready = dir.resolve("ready");
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      PipescopeCli cli = httpCli(receiver);
      PipescopeCli.Started started = cli.start("stage", "--name", "long_step", "--",
          "sh", "-c", "touch \"$0\"; exec sleep 60", ready.toString());
      awaitFile(ready, started.process());
      started.process().destroy(); // SIGTERM to pipescope alone, as `kill PID` or a container stop sends it
      Run run = cli.await(started);

      assertEquals(143, run.exitCode(), run.stderr());
      Received span = receiver.span("long_step");
      assertEquals("cancellation", span.attribute("cicd.pipeline.task.run.result").getStringValue());
      assertEquals(143, span.attribute("process.exit.code").getIntValue());
    }
  }

  @Test
  void helpNamesTheOptionsTheCommandAndWhereSpansGo() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new PipescopeCommand()).setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("stage", "--help"));
    String help = out.toString();
    for (String expected : List.of("Usage: pipescope stage", "--name=STAGE", "--feature=ID", "--attempt=N",
        "--attr=KEY=VALUE", "[--] COMMAND...", "TRACEPARENT", "OTEL_EXPORTER_OTLP_ENDPOINT", "exit code")) {
      assertTrue(help.contains(expected), expected + " missing from:\n" + help);
    }
  }

  @Test
  void withoutNameItIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PipescopeCommand()).setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("stage", "--", "true"));
    assertTrue(err.toString().contains("Missing required option: '--name=STAGE'"), err.toString());
  }

  private PipescopeCli httpCli(RecordingOtlpReceiver receiver) {
    return new PipescopeCli(dir).with(ENDPOINT, receiver.endpoint()).with("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
  }

  /** Polls for the file the step writes once it runs; fails if pipescope exits first. */
  private static void awaitFile(Path file, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new AssertionError("pipescope exited before the step started: " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the step did not start");
      }
      Thread.sleep(20);
    }
  }
}
