package io.pipescope.app.simulation;

import io.opentelemetry.proto.trace.v1.Span;

/** One span of a simulated feature and the factory component that reports it. */
public record SimulatedSpan(Stage.Emitter emitter, Span span) {
  public long endNanos() {
    return span.getEndTimeUnixNano();
  }
}
