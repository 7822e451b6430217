package io.pipescope.aggregator.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hand-built OTLP spans of a software factory, with times in milliseconds after {@link #T0}.
 * {@code FactorySpans.stage(trace, "build").result("success").at(0, 800).build()} is one stage run
 * named with the CI/CD semantic conventions; {@link #request} wraps spans as one export.
 */
public final class FactorySpans {
  /** 2025-11-24T16:00:00Z, in nanoseconds. */
  public static final long T0 = 1_764_000_000_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final AtomicLong SPAN_IDS = new AtomicLong(1);
  private static final ByteString PARENT = ByteString.copyFrom(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});

  private final Span.Builder span = Span.newBuilder();

  private FactorySpans(ByteString traceId, String name) {
    span.setTraceId(traceId).setSpanId(spanId()).setName(name).setKind(Span.SpanKind.SPAN_KIND_INTERNAL);
  }

  /** A 16-byte trace id made from a number. */
  public static ByteString traceId(long n) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5eed).putLong(n).array());
  }

  /** A child span running checker {@code checker} ({@code cicd.pipeline.task.name}). */
  public static FactorySpans stage(ByteString traceId, String checker) {
    return new FactorySpans(traceId, checker).child().attr("cicd.pipeline.task.name", checker);
  }

  /** A child span with only the attributes the caller adds. */
  public static FactorySpans span(ByteString traceId, String name) {
    return new FactorySpans(traceId, name).child();
  }

  /** The feature's root span: no parent, no checker, the feature id. */
  public static FactorySpans root(ByteString traceId, String featureId) {
    return new FactorySpans(traceId, "feature " + featureId).attr("factory.feature.id", featureId);
  }

  private FactorySpans child() {
    span.setParentSpanId(PARENT);
    return this;
  }

  public FactorySpans attr(String key, String value) {
    span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)));
    return this;
  }

  public FactorySpans attr(String key, long value) {
    span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)));
    return this;
  }

  public FactorySpans attr(String key, boolean value) {
    span.addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)));
    return this;
  }

  /** {@code cicd.pipeline.task.run.result}. */
  public FactorySpans result(String result) {
    return attr("cicd.pipeline.task.run.result", result);
  }

  public FactorySpans attempt(long attempt) {
    return attr("factory.attempt", attempt);
  }

  public FactorySpans feature(String id, String type) {
    return attr("factory.feature.id", id).attr("factory.feature.type", type);
  }

  public FactorySpans environment(String environment) {
    return attr("deployment.environment.name", environment);
  }

  public FactorySpans status(Status.StatusCode code) {
    span.setStatus(Status.newBuilder().setCode(code));
    return this;
  }

  /** Runs from {@code startMillis} to {@code endMillis} after {@link #T0}. */
  public FactorySpans at(long startMillis, long endMillis) {
    span.setStartTimeUnixNano(T0 + startMillis * MS).setEndTimeUnixNano(T0 + endMillis * MS);
    return this;
  }

  public Span build() {
    return span.build();
  }

  /** One export of these spans under one resource and one scope. */
  public static ExportTraceServiceRequest request(Span... spans) {
    return request(List.of(), spans);
  }

  /** One export of these spans under a resource with these attributes. */
  public static ExportTraceServiceRequest request(List<KeyValue> resourceAttributes, Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder()
                .addAttributes(KeyValue.newBuilder().setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue("factory")))
                .addAllAttributes(resourceAttributes))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("factory-test"))
                .addAllSpans(List.of(spans))))
        .build();
  }

  private static ByteString spanId() {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(SPAN_IDS.getAndIncrement()).array());
  }
}
