package io.pipescope.app.simulation;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.pipescope.app.simulation.internal.SpanWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated spans as OTLP export requests. Spans keep their order: consecutive spans of the same
 * component share one {@code ResourceSpans}, and a change of component starts the next one, because
 * pipescope reads a request in order and a feature's root span must come after its stages (its end
 * completes the feature).
 */
public final class TraceRequests {
  private static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.37.0";
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("io.pipescope.simulation").setVersion("1.0.0").build();
  private static final Map<Stage.Emitter, Resource> RESOURCES = new EnumMap<>(Stage.Emitter.class);

  static {
    for (Stage.Emitter emitter : Stage.Emitter.values()) {
      RESOURCES.put(emitter, Resource.newBuilder()
          .addAttributes(SpanWriter.string("service.name", emitter.serviceName()))
          .addAttributes(SpanWriter.string("service.namespace", "software-factory"))
          .addAttributes(SpanWriter.string("telemetry.sdk.name", "opentelemetry"))
          .addAttributes(SpanWriter.string("telemetry.sdk.language", "java"))
          .build());
    }
  }

  private TraceRequests() {}

  /** The resource a component's spans are reported under ({@code service.name} and friends). */
  public static Resource resource(Stage.Emitter emitter) {
    return RESOURCES.get(emitter);
  }

  public static ExportTraceServiceRequest of(List<SimulatedSpan> spans) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    int i = 0;
    while (i < spans.size()) {
      Stage.Emitter emitter = spans.get(i).emitter();
      ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE).setSchemaUrl(SCHEMA_URL);
      while (i < spans.size() && spans.get(i).emitter() == emitter) {
        scope.addSpans(spans.get(i).span());
        i++;
      }
      request.addResourceSpans(ResourceSpans.newBuilder()
          .setResource(RESOURCES.get(emitter))
          .setSchemaUrl(SCHEMA_URL)
          .addScopeSpans(scope));
    }
    return request.build();
  }
}
