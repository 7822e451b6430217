package io.pipescope.app.loadgen.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request slots at a fixed rate, shared by all exporters: slot k is due at
 * {@code start + k * interval}, computed from k, never by adding up sleeps, so the rate does not
 * drift however late a sender wakes. Whichever exporter is free takes the next slot. The run ends
 * with the last slot due before the end; a slot a sender reaches more than {@code maxLag} late is
 * dropped (counted, not sent), so an unreachable rate shows as drops instead of a longer run.
 */
public final class RateSchedule {
  /** A slot: its number, and when it is due (System.nanoTime() scale). */
  public record Slot(long number, long dueNanos) {}

  private final long startNanos;
  private final double intervalNanos;
  private final long endNanos;
  private final AtomicLong next = new AtomicLong();

  /**
   * @param requestsPerSecond slots per second
   * @param startNanos when slot 0 is due
   * @param durationNanos slots are due in [start, start + duration)
   */
  public RateSchedule(double requestsPerSecond, long startNanos, long durationNanos) {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive, got " + requestsPerSecond);
    }
    this.startNanos = startNanos;
    this.intervalNanos = 1e9 / requestsPerSecond;
    this.endNanos = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : startNanos + durationNanos;
  }

  /** The next slot, or null when the next would be due at or after the end. */
  public Slot take() {
    long k = next.getAndIncrement();
    long due = startNanos + (long) (k * intervalNanos);
    if (due >= endNanos || due < startNanos) {
      return null;
    }
    return new Slot(k, due);
  }

  /** How many slots fall due in the whole run (Long.MAX_VALUE when it has no end). */
  public long slotsInRun() {
    if (endNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil((endNanos - startNanos) / intervalNanos);
  }
}
