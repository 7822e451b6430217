package io.pipescope.app.simulation;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * A step a feature goes through in the simulated factory, as its span names it: the checker name
 * ({@code cicd.pipeline.task.name}), the factory component that reports it, and its span kind.
 * pipescope recognises code generation by its {@code gen_ai.*} attributes, deploys by
 * {@code deployment.id} or the rollback flag, and health checks and security scans by name
 * (docs/instrumentation.md, "What kind of stage a span is").
 */
public enum Stage {
  SCHEMA_VALIDATION("schema_validation", Emitter.ORCHESTRATOR, SpanKind.SPAN_KIND_INTERNAL),
  CODE_GENERATION("code_generation", Emitter.CODE_GENERATOR, SpanKind.SPAN_KIND_CLIENT),
  ARCHITECTURAL_CONSISTENCY("architectural_consistency", Emitter.ORCHESTRATOR, SpanKind.SPAN_KIND_INTERNAL),
  BUILD("build", Emitter.BUILD_RUNNER, SpanKind.SPAN_KIND_INTERNAL),
  TEST_COVERAGE("test_coverage", Emitter.BUILD_RUNNER, SpanKind.SPAN_KIND_INTERNAL),
  SECURITY_SCAN("security_scan", Emitter.BUILD_RUNNER, SpanKind.SPAN_KIND_INTERNAL),
  DEPLOY("deploy", Emitter.DEPLOY_CONTROLLER, SpanKind.SPAN_KIND_CLIENT),
  /** Puts the previous version back after a failed health check; a deploy with the rollback flag. */
  ROLLBACK("rollback", Emitter.DEPLOY_CONTROLLER, SpanKind.SPAN_KIND_CLIENT),
  HEALTH_CHECK("health_check", Emitter.DEPLOY_CONTROLLER, SpanKind.SPAN_KIND_CLIENT);

  /** The factory components that report spans; each is one OTLP resource ({@code service.name}). */
  public enum Emitter {
    ORCHESTRATOR("factory-orchestrator"),
    CODE_GENERATOR("codegen-agent"),
    BUILD_RUNNER("build-runner"),
    DEPLOY_CONTROLLER("deploy-controller");

    private final String serviceName;

    Emitter(String serviceName) {
      this.serviceName = serviceName;
    }

    public String serviceName() {
      return serviceName;
    }
  }

  private final String checkerName;
  private final Emitter emitter;
  private final SpanKind spanKind;

  Stage(String checkerName, Emitter emitter, SpanKind spanKind) {
    this.checkerName = checkerName;
    this.emitter = emitter;
    this.spanKind = spanKind;
  }

  /** The span name and {@code cicd.pipeline.task.name}: the {@code checker_name} label. */
  public String checkerName() {
    return checkerName;
  }

  public Emitter emitter() {
    return emitter;
  }

  public SpanKind spanKind() {
    return spanKind;
  }
}
