package io.pipescope.app.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.concurrent.TimeUnit;

/**
 * A software factory instrumented with the real OpenTelemetry SDK: features flow through the
 * seven stages, each stage a span, written either with the OpenTelemetry semantic conventions or
 * with the plain attribute names many teams use.
 */
public final class FactoryScenario implements AutoCloseable {
  public enum Naming { SEMCONV, PLAIN }

  private static final long MS = 1_000_000L;

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final Naming naming;

  public FactoryScenario(String grpcEndpoint, Naming naming, String service) {
    this.naming = naming;
    this.provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), service,
            AttributeKey.stringKey("cicd.pipeline.name"), "factory-main"))))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder().setEndpoint(grpcEndpoint).build())
            .setMaxExportBatchSize(512).build())
        .build();
    this.tracer = provider.get("factory-scenario");
  }

  /** One feature's trace; stages are added in time order with {@link Feature#stage}. */
  public Feature feature(String id, String type, String name, long startNanos) {
    return new Feature(id, type, name, startNanos);
  }

  public final class Feature {
    private final Span root;
    private final String id;
    private final String type;
    private long cursor;

    private Feature(String id, String type, String name, long startNanos) {
      this.id = id;
      this.type = type;
      this.cursor = startNanos;
      this.root = tracer.spanBuilder("feature " + name).setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
          .setAllAttributes(featureAttributes().put("factory.feature.name", name).build())
          .startSpan();
    }

    private AttributesBuilder featureAttributes() {
      return Attributes.builder().put("factory.feature.id", id).put("factory.feature.type", type);
    }

    /** Waits {@code gapMillis}, then runs a stage for {@code millis} with the given result. */
    public Feature stage(String checker, long gapMillis, long millis, boolean pass, int attempt, Attributes extra) {
      cursor += gapMillis * MS;
      AttributesBuilder a = featureAttributes();
      if (naming == Naming.SEMCONV) {
        a.put("cicd.pipeline.task.name", checker)
            .put("cicd.pipeline.task.run.result", pass ? "success" : "failure")
            .put("factory.attempt", attempt);
      } else {
        a.put("checker.name", checker).put("status", pass ? "pass" : "fail").put("retry", attempt);
      }
      a.putAll(extra);
      Span span = tracer.spanBuilder(checker).setParent(Context.root().with(root))
          .setStartTimestamp(cursor, TimeUnit.NANOSECONDS).setAllAttributes(a.build()).startSpan();
      if (!pass) {
        span.setStatus(StatusCode.ERROR);
      }
      cursor += millis * MS;
      span.end(cursor, TimeUnit.NANOSECONDS);
      return this;
    }

    public Feature stage(String checker, long gapMillis, long millis, boolean pass) {
      return stage(checker, gapMillis, millis, pass, 1, Attributes.empty());
    }

    public Attributes codeGeneration(String model, long tokens) {
      if (naming == Naming.SEMCONV) {
        return Attributes.builder().put("gen_ai.operation.name", "chat").put("gen_ai.request.model", model)
            .put("gen_ai.usage.input_tokens", tokens * 4 / 5).put("gen_ai.usage.output_tokens", tokens - tokens * 4 / 5)
            .build();
      }
      return Attributes.builder().put("model", model).put("tokens_used", tokens).build();
    }

    public Attributes deploy(String environment, String deploymentId) {
      return Attributes.builder().put(naming == Naming.SEMCONV ? "deployment.environment.name" : "environment", environment)
          .put("deployment.id", deploymentId).build();
    }

    public Attributes health(String environment, long latencyMillis) {
      return Attributes.builder().put(naming == Naming.SEMCONV ? "deployment.environment.name" : "environment", environment)
          .put("latency_ms", latencyMillis).build();
    }

    public Attributes findings(long count) {
      return Attributes.of(AttributeKey.longKey(naming == Naming.SEMCONV ? "factory.security.findings" : "findings"),
          count);
    }

    /** Ends the feature's root span at the end of its last stage. */
    public void end() {
      root.end(cursor, TimeUnit.NANOSECONDS);
    }

    public long cursor() {
      return cursor;
    }
  }

  /** Exports everything ended so far and fails if the exporter did. */
  public void flush() {
    CompletableResultCode result = provider.forceFlush().join(30, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      throw new AssertionError("the OTLP exporter reported failure");
    }
  }

  @Override
  public void close() {
    flush();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
