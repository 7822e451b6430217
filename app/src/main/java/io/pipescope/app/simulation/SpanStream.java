package io.pipescope.app.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * An endless stream of simulated spans, feature after feature, cut into batches of any size: a
 * feature may end in one batch and continue in the next, and its spans keep their order (root span
 * last), as an SDK's batch processor would send them. Each feature starts at the time
 * {@code startNanos} gives when it is made (the wall clock, for live traffic). Not thread-safe.
 */
public final class SpanStream {
  private final FactorySimulator simulator;
  private final LongSupplier startNanos;
  private List<SimulatedSpan> current = List.of();
  private int position;
  private long features;

  public SpanStream(FactorySimulator simulator, LongSupplier startNanos) {
    this.simulator = simulator;
    this.startNanos = startNanos;
  }

  /** The next {@code count} spans. */
  public List<SimulatedSpan> next(int count) {
    List<SimulatedSpan> batch = new ArrayList<>(count);
    while (batch.size() < count) {
      if (position == current.size()) {
        current = simulator.feature(startNanos.getAsLong()).spans();
        position = 0;
        features++;
      }
      int take = Math.min(count - batch.size(), current.size() - position);
      batch.addAll(current.subList(position, position + take));
      position += take;
    }
    return batch;
  }

  /** Features begun so far (the last may be partly sent). */
  public long features() {
    return features;
  }
}
