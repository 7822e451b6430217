package io.pipescope.aggregator;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;

/**
 * The seam between the ingest edge and aggregation: spans that passed the edge's validation, as the
 * OTLP messages they arrived in. Implementations must be thread-safe and must not block: the edge
 * calls them on its request threads and answers the client only after they return. A consumer that
 * makes batches durable throws {@link java.io.UncheckedIOException} when it could not; the edge then
 * refuses the request as retryable and nothing of it was counted.
 */
@FunctionalInterface
public interface SpanConsumer {
  void consume(List<ResourceSpans> batch);

  /** One consumer that hands every batch to each of {@code consumers}, in order. */
  static SpanConsumer fanOut(List<? extends SpanConsumer> consumers) {
    List<SpanConsumer> copy = List.copyOf(consumers);
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return batch -> {
      for (SpanConsumer c : copy) {
        c.consume(batch);
      }
    };
  }
}
