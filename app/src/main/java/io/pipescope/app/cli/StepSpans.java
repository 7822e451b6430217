package io.pipescope.app.cli;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.pipescope.app.shell.ChildCommand;
import io.pipescope.app.shell.ReportedSpan;
import java.util.List;
import java.util.Map;

/**
 * The spans of shell steps and features, with the attributes pipescope's contract reads
 * (docs/instrumentation.md): a stage is a span with a checker name and a result; a feature is a
 * trace whose root span has no checker name and ends when the feature does.
 */
final class StepSpans {
  static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("cicd.pipeline.task.name");
  static final AttributeKey<String> TASK_RESULT = AttributeKey.stringKey("cicd.pipeline.task.run.result");
  static final AttributeKey<String> PIPELINE_RESULT = AttributeKey.stringKey("cicd.pipeline.result");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("factory.attempt");
  static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("process.exit.code");
  static final String FEATURE_ID = "factory.feature.id";
  static final String FEATURE_TYPE = "factory.feature.type";
  static final String FEATURE_NAME = "factory.feature.name";

  private static final IdGenerator IDS = IdGenerator.random();
  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("io.pipescope.cli").setVersion(VersionProvider.version()).build();

  private StepSpans() {}

  /**
   * A new span's context: in the parent's trace with its sampling decision and trace state
   * (W3C Trace Context), or the root of a new, sampled trace when there is no valid parent.
   */
  static SpanContext childOf(SpanContext parent) {
    if (!parent.isValid()) {
      return newTrace();
    }
    return SpanContext.create(parent.getTraceId(), IDS.generateSpanId(), parent.getTraceFlags(), parent.getTraceState());
  }

  static SpanContext newTrace() {
    return SpanContext.create(IDS.generateTraceId(), IDS.generateSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
  }

  /**
   * One run of a stage: the feature's attributes, the step's own {@code --attr}, then the facts
   * pipescope counts (checker name, result, attempt, exit code), which the others cannot override.
   */
  static ReportedSpan stage(String name, SpanContext context, SpanContext parent, long startNanos, long endNanos,
      Map<String, String> attributes, Long attempt, ChildCommand.Exit exit, Resource resource) {
    RunResult result = exit.startFailure() != null ? RunResult.ERROR
        : exit.terminated() ? RunResult.CANCELLATION
        : exit.exitCode() == 0 ? RunResult.SUCCESS : RunResult.FAILURE;
    AttributesBuilder facts = strings(attributes)
        .put(TASK_NAME, name)
        .put(TASK_RESULT, result.label())
        .put(EXIT_CODE, (long) exit.exitCode());
    if (attempt != null) {
      facts.put(ATTEMPT, attempt);
    }
    String description = exit.startFailure() != null ? exit.startFailure() : "exit code " + exit.exitCode();
    return new ReportedSpan(name, context, parent, startNanos, endNanos, facts.build(), status(result, description),
        List.of(), resource, SCOPE);
  }

  /**
   * The feature's root span, from its start to {@code endNanos}: no parent (pipescope closes a
   * feature when its root ends) and no checker name (a stage is never a feature's root). The trace
   * the pipeline ran in before, if any, is a link rather than the parent, so the feature stays a
   * trace of its own.
   */
  static ReportedSpan featureRoot(StartedFeature feature, long endNanos, RunResult result, Map<String, String> extra,
      Resource resource) {
    AttributesBuilder attributes = strings(feature.attributes());
    if (!feature.id().isEmpty()) {
      attributes.put(FEATURE_ID, feature.id());
    }
    extra.forEach(attributes::put);
    attributes.put(PIPELINE_RESULT, result.label());
    List<LinkData> links = feature.link().isValid() ? List.of(LinkData.create(feature.link())) : List.of();
    String name = feature.id().isEmpty() ? "feature" : "feature " + feature.id();
    return new ReportedSpan(name, feature.root(), SpanContext.getInvalid(), feature.startEpochNanos(),
        Math.max(endNanos, feature.startEpochNanos()), attributes.build(), status(result, "feature " + result.label()),
        links, resource, SCOPE);
  }

  private static StatusData status(RunResult result, String description) {
    if (result.failed()) {
      return StatusData.create(StatusCode.ERROR, description);
    }
    return result == RunResult.SUCCESS ? StatusData.ok() : StatusData.unset();
  }

  private static AttributesBuilder strings(Map<String, String> attributes) {
    AttributesBuilder builder = Attributes.builder();
    attributes.forEach(builder::put);
    return builder;
  }
}
