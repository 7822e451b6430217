package io.pipescope.bench;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One step of a feature's delivery pipeline as the factory's agents trace it: which service reports
 * it, its span kind, how long it usually takes, how often it fails, and the attributes only it has.
 * The table below is the shape of the benchmark's traffic; change it here and nowhere else.
 */
enum PipelineStage {
  FEATURE_PIPELINE("feature_pipeline", "factory-orchestrator", SpanKind.SPAN_KIND_SERVER, 0, 0) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("cicd.pipeline.result", failed ? "failure" : "success"));
    }
  },
  SCHEMA_VALIDATION("schema_validation", "factory-orchestrator", SpanKind.SPAN_KIND_INTERNAL, 180, 0.05) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("factory.schema.version", "2024-11"));
      into.add(integer("factory.schema.error_count", failed ? 1 + random.nextInt(4) : 0));
    }
  },
  CODE_GENERATION("code_generation", "code-generator", SpanKind.SPAN_KIND_CLIENT, 38_000, 0.02) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("gen_ai.request.model", "codegen-large-2025-06"));
      into.add(integer("gen_ai.usage.input_tokens", 6_000 + random.nextInt(40_000)));
      into.add(integer("gen_ai.usage.output_tokens", 800 + random.nextInt(9_000)));
    }
  },
  BUILD("build", "build-runner", SpanKind.SPAN_KIND_INTERNAL, 95_000, 0.05) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("factory.build.tool", "maven"));
      into.add(integer("factory.build.artifact_bytes", 18_000_000 + random.nextInt(4_000_000)));
    }
  },
  TEST_COVERAGE("test_coverage", "build-runner", SpanKind.SPAN_KIND_INTERNAL, 140_000, 0.15) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("test.suite.name", "unit+integration"));
      into.add(integer("factory.test.case_count", 900 + random.nextInt(400)));
      into.add(KeyValue.newBuilder().setKey("factory.coverage.ratio")
          .setValue(AnyValue.newBuilder().setDoubleValue(failed ? 0.62 + random.nextDouble() * 0.1
              : 0.8 + random.nextDouble() * 0.15)).build());
    }
  },
  SECURITY_SCAN("security_scan", "build-runner", SpanKind.SPAN_KIND_CLIENT, 52_000, 0.08) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("factory.scan.tool", "trivy"));
      into.add(integer("factory.scan.findings.critical", failed ? 1 + random.nextInt(2) : 0));
      into.add(integer("factory.scan.findings.high", random.nextInt(5)));
    }
  },
  DEPLOY("deploy", "deploy-controller", SpanKind.SPAN_KIND_CLIENT, 61_000, 0.03) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("deployment.environment.name", "staging"));
      into.add(string("k8s.namespace.name", "payments-staging"));
      into.add(string("factory.deploy.strategy", "rolling"));
    }
  },
  HEALTH_CHECK("health_check", "deploy-controller", SpanKind.SPAN_KIND_CLIENT, 2_400, 0.05) {
    @Override
    void addOwnAttributes(List<KeyValue> into, Random random, boolean failed) {
      into.add(string("http.request.method", "GET"));
      into.add(string("url.full", "https://payments.staging.internal/healthz"));
      into.add(integer("http.response.status_code", failed ? 503 : 200));
    }
  };

  private final String spanName;
  private final String service;
  private final SpanKind kind;
  private final long typicalMillis;
  private final double failureRate;

  PipelineStage(String spanName, String service, SpanKind kind, long typicalMillis, double failureRate) {
    this.spanName = spanName;
    this.service = service;
    this.kind = kind;
    this.typicalMillis = typicalMillis;
    this.failureRate = failureRate;
  }

  abstract void addOwnAttributes(List<KeyValue> into, Random random, boolean failed);

  String spanName() {
    return spanName;
  }

  String service() {
    return service;
  }

  SpanKind kind() {
    return kind;
  }

  /** A duration around the typical one (half to one and a half times it). */
  long durationNanos(Random random) {
    return (long) (typicalMillis * 1_000_000L * (0.5 + random.nextDouble()));
  }

  boolean fails(Random random) {
    return random.nextDouble() < failureRate;
  }

  /** The steps that run under the root span, in order. */
  static List<PipelineStage> steps() {
    List<PipelineStage> steps = new ArrayList<>(List.of(values()));
    steps.remove(FEATURE_PIPELINE);
    return List.copyOf(steps);
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }
}
