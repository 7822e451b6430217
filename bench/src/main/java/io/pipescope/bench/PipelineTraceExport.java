package io.pipescope.bench;

import static io.pipescope.bench.PipelineStage.integer;
import static io.pipescope.bench.PipelineStage.string;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic OTLP trace export from a software factory: 64 feature pipelines of 8 spans each (a
 * root plus the seven {@link PipelineStage} steps), reported by four services and batched into one
 * request as a Collector's batch processor forwards them. A fixed seed makes every run measure the
 * same bytes.
 */
final class PipelineTraceExport {
  static final int SPANS = 512;
  static final int PIPELINES = SPANS / PipelineStage.values().length;

  private static final long SEED = 20260115L;
  private static final long FIRST_PIPELINE_NANOS = nanos(Instant.parse("2026-01-15T10:00:00Z"));
  private static final long PIPELINE_SPACING_NANOS = Duration.ofSeconds(47).toNanos();
  private static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.37.0";
  /** Sampled (bit 0), and "parent is not remote" is known (bit 8): OTLP trace.proto SpanFlags. */
  private static final int LOCAL_SAMPLED_FLAGS = 0x101;
  private static final List<String> REPOSITORIES = List.of(
      "https://git.example.com/acme/payments-service",
      "https://git.example.com/acme/ledger-api",
      "https://git.example.com/acme/checkout-web");
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("io.pipescope.factory-agent").setVersion("1.4.2").build();

  private PipelineTraceExport() {}

  /** What every span of one pipeline run shares. */
  private record PipelineRun(
      ByteString traceId, ByteString rootSpanId, String runId, String featureId, int attempt, String repository,
      String revision) {

    void addAttributes(List<KeyValue> into, PipelineStage stage) {
      into.add(string("cicd.pipeline.name", "feature-delivery"));
      into.add(string("cicd.pipeline.run.id", runId));
      into.add(string("cicd.pipeline.task.name", stage.spanName()));
      into.add(string("cicd.pipeline.task.run.id", runId + "-" + stage.ordinal()));
      into.add(string("factory.feature.id", featureId));
      into.add(integer("factory.attempt", attempt));
      into.add(string("vcs.repository.url.full", repository));
      into.add(string("vcs.ref.head.revision", revision));
    }
  }

  static ExportTraceServiceRequest build() {
    Random random = new Random(SEED);
    Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
    for (PipelineStage stage : PipelineStage.values()) {
      byService.computeIfAbsent(stage.service(), s -> ScopeSpans.newBuilder().setScope(SCOPE).setSchemaUrl(SCHEMA_URL));
    }
    for (int pipeline = 0; pipeline < PIPELINES; pipeline++) {
      addPipeline(pipeline, random, byService);
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    int host = 0;
    for (Map.Entry<String, ScopeSpans.Builder> service : byService.entrySet()) {
      request.addResourceSpans(ResourceSpans.newBuilder()
          .setResource(resource(service.getKey(), host++))
          .addScopeSpans(service.getValue())
          .setSchemaUrl(SCHEMA_URL));
    }
    return request.build();
  }

  private static void addPipeline(int pipeline, Random random, Map<String, ScopeSpans.Builder> byService) {
    int feature = pipeline / 3;
    PipelineRun run = new PipelineRun(
        randomId(random, 16),
        randomId(random, 8),
        "run-" + (48_000 + pipeline),
        "FEAT-" + (1_200 + feature),
        1 + pipeline % 3,
        REPOSITORIES.get(feature % REPOSITORIES.size()),
        HexFormat.of().formatHex(randomId(random, 20).toByteArray()));
    long pipelineStart = FIRST_PIPELINE_NANOS + pipeline * PIPELINE_SPACING_NANOS + millis(random.nextInt(5_000));
    long cursor = pipelineStart + millis(10);
    boolean anyFailed = false;
    for (PipelineStage step : PipelineStage.steps()) {
      long start = cursor + millis(5 + random.nextInt(45));
      long end = start + step.durationNanos(random);
      boolean failed = step.fails(random);
      anyFailed |= failed;
      byService.get(step.service())
          .addSpans(span(step, run, randomId(random, 8), run.rootSpanId(), start, end, failed, random));
      cursor = end;
    }
    PipelineStage root = PipelineStage.FEATURE_PIPELINE;
    byService.get(root.service())
        .addSpans(span(root, run, run.rootSpanId(), ByteString.EMPTY, pipelineStart, cursor + millis(5), anyFailed,
            random));
  }

  private static Span span(PipelineStage stage, PipelineRun run, ByteString spanId, ByteString parentSpanId,
      long start, long end, boolean failed, Random random) {
    Span.Builder span = Span.newBuilder()
        .setTraceId(run.traceId())
        .setSpanId(spanId)
        .setParentSpanId(parentSpanId)
        .setFlags(LOCAL_SAMPLED_FLAGS)
        .setName(stage.spanName())
        .setKind(stage.kind())
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end);
    List<KeyValue> attributes = new ArrayList<>(12);
    run.addAttributes(attributes, stage);
    stage.addOwnAttributes(attributes, random, failed);
    if (failed) {
      String errorType = stage.spanName() + "_failed";
      attributes.add(string("error.type", errorType));
      span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
          .setMessage(stage.spanName() + " failed on attempt " + run.attempt()));
      span.addEvents(Span.Event.newBuilder()
          .setName("exception")
          .setTimeUnixNano(end)
          .addAttributes(string("exception.type", "io.pipescope.factory.StageFailedException"))
          .addAttributes(string("exception.message", errorType + " in " + run.runId())));
    } else if (stage.kind() != SpanKind.SPAN_KIND_CLIENT) {
      // Client spans stay UNSET on success, as the HTTP semantic conventions ask of instrumentations.
      span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    }
    return span.addAllAttributes(attributes).build();
  }

  private static Resource resource(String service, int host) {
    return Resource.newBuilder()
        .addAttributes(string("service.name", service))
        .addAttributes(string("service.namespace", "software-factory"))
        .addAttributes(string("service.version", "1." + (7 + host) + ".0"))
        .addAttributes(string("service.instance.id", "4b1f0c2e-9a7d-4c1e-8f3a-00000000000" + host))
        .addAttributes(string("host.name", "ci-runner-0" + host))
        .addAttributes(string("deployment.environment.name", "ci"))
        .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(string("telemetry.sdk.language", "java"))
        .addAttributes(string("telemetry.sdk.version", "1.68.0"))
        .build();
  }

  /** Random bytes that are never all zero, as a valid trace or span id must not be. */
  private static ByteString randomId(Random random, int length) {
    byte[] id = new byte[length];
    random.nextBytes(id);
    id[length - 1] |= 1;
    return ByteString.copyFrom(id);
  }

  private static long millis(long millis) {
    return millis * 1_000_000L;
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
