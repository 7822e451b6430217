package io.pipescope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Status;
import io.pipescope.app.testing.MetricsPage;
import io.pipescope.app.testing.PipescopeCli;
import io.pipescope.app.testing.PipescopeCli.Run;
import io.pipescope.app.testing.RecordingOtlpReceiver;
import io.pipescope.app.testing.RecordingOtlpReceiver.Received;
import io.pipescope.app.testing.RunningPipescope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pipescope feature start|end} around {@code pipescope stage} runs in a real shell script:
 * the stages form one feature trace that a real pipescope counts as one feature, and the root span
 * is sent as the contract describes.
 */
class FeatureCommandTest {
  private static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  @TempDir Path dir;

  @Test
  void startAndEndGroupTheStagesIntoOneFeatureThatPipescopeCounts() {
    try (RunningPipescope server = RunningPipescope.start()) {
      Run run = new PipescopeCli(dir).with(ENDPOINT, server.grpcEndpoint()).shell(String.join("\n",
          "set -e",
          "eval \"$(pipescope feature start --id FEAT-123 --type api)\"",
          "pipescope stage --name build -- true",
          "pipescope stage --name test -- false || true",
          "pipescope stage --name test -- true",
          "pipescope stage --name deploy --attr deployment.environment.name=staging -- true",
          "pipescope stage --name health_check -- true",
          "pipescope feature end --result success"));

      assertEquals(0, run.exitCode(), run.stderr());
      assertEquals("", run.stderr());
      MetricsPage page = server.scrape();
      assertEquals(1, page.value("features_completed_total", "feature_type", "api", "outcome", "success"));
      assertEquals(1, page.sum("features_completed_total"), "one feature, not one per stage");
      assertEquals(1, page.value("feature_lead_time_seconds_count", "feature_type", "api", "rework", "true"));
      assertEquals(1, page.value("checker_rework_total", "checker_name", "test", "feature_type", "api"),
          "the second test run is a retry within the same feature trace");
      assertEquals(5, page.sum("checker_runs_total", "feature_type", "api"), "the stages carry the feature's type");
      assertEquals(1, page.value("checker_failures_total", "checker_name", "test", "feature_type", "api"));
      assertEquals(1, page.value("pipescope_factory_features_closed_total", "reason", "complete"));
    }
  }

  @Test
  void withoutADeployTheFeatureIsCountedWhenItsRootSpanEnds() {
    try (RunningPipescope server = RunningPipescope.start()) {
      Run run = new PipescopeCli(dir).with(ENDPOINT, server.grpcEndpoint()).shell(String.join("\n",
          "eval \"$(pipescope feature start --id FEAT-9 --type cli)\"",
          "pipescope stage --name build -- true",
          "pipescope stage --name test -- false",
          "pipescope feature end --exit-code $?"));

      assertEquals(0, run.exitCode(), run.stderr());
      MetricsPage page = server.scrape();
      assertEquals(1, page.value("features_completed_total", "feature_type", "cli", "outcome", "failure"));
      assertEquals(1, page.value("pipescope_factory_features_closed_total", "reason", "complete"),
          "closed by its root span, not left to the idle timeout");
      assertEquals(2, page.sum("checker_runs_total"), "the root span is not a stage run");
    }
  }

  @Test
  void theRootSpanIsTheStagesParentCoversStartToEndAndLinksTheCallersTrace() {
    String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    try (RecordingOtlpReceiver receiver = RecordingOtlpReceiver.start()) {
      Run run = new PipescopeCli(dir).with(ENDPOINT, receiver.endpoint())
          .with("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
          .with("TRACEPARENT", "00-" + callerTrace + "-00f067aa0ba902b7-01")
          .shell(String.join("\n",
              "eval \"$(pipescope feature start --id FEAT-5 --type api --name 'Add a profile, v2' --attr team=payments)\"",
              "pipescope stage --name build -- sleep 0.2",
              "pipescope feature end --result failure --attr reason=manual"));

      assertEquals(0, run.exitCode(), run.stderr());
      Received root = receiver.span("feature FEAT-5");
      Received build = receiver.span("build");
      assertEquals(2, receiver.spans().size());
      assertTrue(root.span().getParentSpanId().isEmpty(), "pipescope recognises a feature's root by its missing parent");
      assertEquals(root.traceId(), build.traceId());
      assertEquals(root.spanId(), build.parentSpanId());
      assertTrue(!root.traceId().equals(callerTrace), "a feature is a trace of its own");
      assertEquals(1, root.span().getLinksCount());
      assertEquals(callerTrace, HexFormat.of().formatHex(root.span().getLinks(0).getTraceId().toByteArray()));
      assertTrue(root.span().getStartTimeUnixNano() < build.span().getStartTimeUnixNano()
          && build.span().getEndTimeUnixNano() < root.span().getEndTimeUnixNano(), "the root covers start to end");

      assertEquals(null, root.attribute("cicd.pipeline.task.name"), "the root is not a stage");
      assertEquals("failure", root.attribute("cicd.pipeline.result").getStringValue());
      assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.span().getStatus().getCode());
      assertEquals("manual", root.attribute("reason").getStringValue());
      for (Received span : new Received[] {root, build}) {
        assertEquals("FEAT-5", span.attribute("factory.feature.id").getStringValue());
        assertEquals("api", span.attribute("factory.feature.type").getStringValue());
        assertEquals("Add a profile, v2", span.attribute("factory.feature.name").getStringValue());
        assertEquals("payments", span.attribute("team").getStringValue());
      }
    }
  }

  @Test
  void envFormatWritesPlainLinesForCiEnvironmentFiles() {
    StringWriter out = new StringWriter();
    FeatureStartCommand start = new FeatureStartCommand();
    start.environment = Map.of();
    CommandLine cli = new CommandLine(start).setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("--id", "FEAT-1", "--type", "api", "--format", "env"));

    Map<String, String> lines = new LinkedHashMap<>();
    out.toString().lines().forEach(line -> lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    assertEquals("FEAT-1", lines.get("PIPESCOPE_FEATURE_ID"));
    assertEquals("factory.feature.type=api", lines.get("PIPESCOPE_FEATURE_ATTRIBUTES"));
    assertEquals(lines.get("TRACEPARENT"), lines.get("PIPESCOPE_FEATURE_TRACEPARENT"));
    assertTrue(lines.get("TRACEPARENT").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), lines.get("TRACEPARENT"));
    assertEquals("", lines.get("TRACESTATE"), "a stale trace state is emptied");
    assertTrue(Long.parseLong(lines.get("PIPESCOPE_FEATURE_START")) > 0);
  }

  @Test
  void endingWithoutAStartedFeatureSaysSoAndDoesNotFailThePipeline() {
    StringWriter err = new StringWriter();
    FeatureEndCommand end = new FeatureEndCommand();
    end.environment = Map.of();
    CommandLine cli = new CommandLine(end).setErr(new PrintWriter(err));
    assertEquals(0, cli.execute("--result", "success"));
    assertTrue(err.toString().startsWith("pipescope: no feature to end: PIPESCOPE_FEATURE_TRACEPARENT is not set"),
        err.toString());
  }

  @Test
  void anUnknownResultIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PipescopeCommand()).setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("feature", "end", "--result", "great"));
    assertTrue(err.toString().contains("'great' is not one of success, failure"), err.toString());
  }
}
