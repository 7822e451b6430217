package io.pipescope.app.simulation.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pipescope.app.simulation.FeatureOutcome;
import io.pipescope.app.simulation.Findings;
import io.pipescope.app.simulation.SimulatedSpan;
import io.pipescope.app.simulation.Stage;
import io.pipescope.app.simulation.StageRun;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a feature's stage runs as OTLP spans with the attributes pipescope's contract names
 * (docs/instrumentation.md), semantic conventions first: {@code cicd.pipeline.task.name},
 * {@code cicd.pipeline.task.run.result}, {@code factory.attempt}, {@code gen_ai.*},
 * {@code deployment.*}, {@code factory.security.findings.*}, {@code latency_ms}. All stages are
 * children of the feature's root span, which ends last.
 */
public final class SpanWriter {
  /** Sampled (bit 0), and "parent is not remote" is known (bit 8): trace.proto SpanFlags. */
  private static final int LOCAL_SAMPLED_FLAGS = 0x101;

  private final Draw draw;

  public SpanWriter(Draw draw) {
    this.draw = draw;
  }

  /** What every span of one feature carries, and its trace. */
  public record FeatureContext(String featureId, String featureName, String featureType, String pipeline,
      String runId, String service, FeatureOutcome outcome, long startNanos, long endNanos) {}

  public List<SimulatedSpan> write(FeatureContext feature, List<StageRun> runs, int deploySequence) {
    ByteString traceId = id(16);
    ByteString rootId = id(8);
    List<KeyValue> common = List.of(
        string("cicd.pipeline.name", feature.pipeline()),
        string("cicd.pipeline.run.id", feature.runId()),
        string("factory.feature.id", feature.featureId()),
        string("factory.feature.type", feature.featureType()),
        string("factory.feature.name", feature.featureName()));
    List<SimulatedSpan> spans = new ArrayList<>(runs.size() + 1);
    int deploys = 0;
    for (StageRun run : runs) {
      Span.Builder span = Span.newBuilder()
          .setTraceId(traceId)
          .setSpanId(id(8))
          .setParentSpanId(rootId)
          .setFlags(LOCAL_SAMPLED_FLAGS)
          .setName(run.stage().checkerName())
          .setKind(run.stage().spanKind())
          .setStartTimeUnixNano(run.startNanos())
          .setEndTimeUnixNano(run.endNanos())
          .addAllAttributes(common)
          .addAttributes(string("cicd.pipeline.task.name", run.stage().checkerName()))
          .addAttributes(string("cicd.pipeline.task.run.result", run.passed() ? "success" : "failure"))
          .addAttributes(integer("factory.attempt", run.attempt()));
      switch (run.stage()) {
        case CODE_GENERATION -> span
            .addAttributes(string("gen_ai.operation.name", "chat"))
            .addAttributes(string("gen_ai.provider.name", run.model().provider()))
            .addAttributes(string("gen_ai.request.model", run.model().modelName()))
            .addAttributes(integer("gen_ai.usage.input_tokens", run.inputTokens()))
            .addAttributes(integer("gen_ai.usage.output_tokens", run.outputTokens()));
        case SECURITY_SCAN -> addFindings(span, run.findings());
        case DEPLOY, ROLLBACK -> {
          deploys++;
          span.addAttributes(string("deployment.id", feature.service() + "-" + (deploySequence + deploys)))
              .addAttributes(string("deployment.environment.name", run.environment()));
          if (run.stage() == Stage.ROLLBACK) {
            span.addAttributes(bool("factory.deployment.rollback", true));
          }
        }
        case HEALTH_CHECK -> span
            .addAttributes(string("deployment.environment.name", run.environment()))
            .addAttributes(real("latency_ms", run.latencyMillis()))
            .addAttributes(string("url.full", "https://" + feature.service() + "." + run.environment()
                + ".internal/healthz"))
            .addAttributes(integer("http.response.status_code", run.passed() ? 200 : 503));
        default -> { }
      }
      if (!run.passed()) {
        span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage(run.stage().checkerName() + " failed on attempt " + run.attempt()));
      }
      spans.add(new SimulatedSpan(run.stage().emitter(), span.build()));
    }
    boolean failed = feature.outcome() == FeatureOutcome.FAILURE;
    Span.Builder root = Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(rootId)
        .setFlags(LOCAL_SAMPLED_FLAGS)
        // Span names must stay few (they are the span_name label); the feature id is an attribute.
        .setName("feature " + feature.featureType())
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(feature.startNanos())
        .setEndTimeUnixNano(feature.endNanos())
        .addAllAttributes(common)
        .addAttributes(string("cicd.pipeline.result", feature.outcome().label()));
    if (failed) {
      root.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    spans.add(new SimulatedSpan(Stage.Emitter.ORCHESTRATOR, root.build()));
    return spans;
  }

  private static void addFindings(Span.Builder span, Findings f) {
    span.addAttributes(integer("factory.security.findings", f.total()))
        .addAttributes(integer("factory.security.findings.critical", f.critical()))
        .addAttributes(integer("factory.security.findings.high", f.high()))
        .addAttributes(integer("factory.security.findings.medium", f.medium()))
        .addAttributes(integer("factory.security.findings.low", f.low()));
  }

  /** Random id bytes, never all zero (an all-zero trace or span id is invalid). */
  private ByteString id(int length) {
    byte[] bytes = new byte[length];
    draw.bytes(bytes);
    bytes[length - 1] |= 1;
    return ByteString.copyFrom(bytes);
  }

  public static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static KeyValue real(String key, double value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
  }

  static KeyValue bool(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
  }
}
