package io.pipescope.aggregator.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count; striped so concurrent writers do not contend. */
public final class Counter {
  private final LongAdder value = new LongAdder();

  public void inc() {
    value.increment();
  }

  public void add(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException("a counter only increases, got " + delta);
    }
    value.add(delta);
  }

  public long get() {
    return value.sum();
  }
}
