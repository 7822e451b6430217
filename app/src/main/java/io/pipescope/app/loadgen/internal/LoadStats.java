package io.pipescope.app.loadgen.internal;

import io.pipescope.app.loadgen.ExportOutcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the exporters did, written by every exporter thread without locks and read once a second
 * by the progress reporter: counters, answers by status, and export latency in a {@link Recorder}
 * whose interval histograms the reader swaps out (HdrHistogram's writer/reader split).
 */
public final class LoadStats {
  /** Microsecond latencies, three significant digits, growing as needed. */
  private final Recorder latencyMicros = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private Histogram interval;

  private final LongAdder requestsAccepted = new LongAdder();
  private final LongAdder requestsRefused = new LongAdder();
  private final LongAdder requestsFailed = new LongAdder();
  private final LongAdder requestsDropped = new LongAdder();
  private final LongAdder spansSent = new LongAdder();
  private final LongAdder spansAccepted = new LongAdder();
  private final LongAdder spansRefused = new LongAdder();
  private final LongAdder spansFailed = new LongAdder();
  private final LongAdder spansRejected = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> statuses = new ConcurrentHashMap<>();

  /** Counts one answered (or unanswered) request of {@code spans} spans that took {@code nanos}. */
  public void record(ExportOutcome outcome, int spans, long nanos) {
    latencyMicros.recordValue(Math.max(0, nanos / 1_000));
    spansSent.add(spans);
    statuses.computeIfAbsent(outcome.status(), s -> new LongAdder()).increment();
    switch (outcome.kind()) {
      case ACCEPTED -> {
        long rejected = Math.min(spans, outcome.rejectedSpans());
        requestsAccepted.increment();
        spansAccepted.add(spans - rejected);
        spansRejected.add(rejected);
      }
      case REFUSED -> {
        requestsRefused.increment();
        spansRefused.add(spans);
      }
      case FAILED -> {
        requestsFailed.increment();
        spansFailed.add(spans);
      }
    }
  }

  /** A rate-limited slot that came due while every exporter was still busy. */
  public void dropped() {
    requestsDropped.increment();
  }

  /** Moves the latencies recorded since the last call into the run's total, and returns them. Reader thread only. */
  public synchronized Histogram takeInterval() {
    interval = latencyMicros.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Every latency recorded so far. Call after {@link #takeInterval} to include the latest. */
  public synchronized Histogram total() {
    return total.copy();
  }

  public long requestsAccepted() {
    return requestsAccepted.sum();
  }

  public long requestsRefused() {
    return requestsRefused.sum();
  }

  public long requestsFailed() {
    return requestsFailed.sum();
  }

  public long requestsDropped() {
    return requestsDropped.sum();
  }

  public long spansSent() {
    return spansSent.sum();
  }

  public long spansAccepted() {
    return spansAccepted.sum();
  }

  public long spansRefused() {
    return spansRefused.sum();
  }

  /** Spans in failed requests plus spans rejected by partial success. */
  public long spansErrors() {
    return spansFailed.sum() + spansRejected.sum();
  }

  public long spansRejected() {
    return spansRejected.sum();
  }

  public Map<String, Long> statuses() {
    Map<String, Long> out = new TreeMap<>();
    statuses.forEach((status, n) -> out.put(status, n.sum()));
    return out;
  }
}
