package io.pipescope.aggregator.storage;

import io.pipescope.aggregator.metrics.MetricSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes every metric the aggregator (and pipescope itself) exposes into storage at a fixed
 * interval, as Prometheus would scrape it. Timestamps sit on the interval's grid: regular
 * timestamps compress to a fraction of jittered ones in XOR chunks (delta-of-delta zero).
 */
public final class MetricsFlusher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MetricsFlusher.class.getName());

  private final List<MetricSource> sources;
  private final Appendable storage;
  private final long intervalMillis;
  private final LongSupplier clockMillis;
  private final FlushBarrier barrier;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private long lastTimestamp = Long.MIN_VALUE;

  /** What one flush wrote. */
  public record Flush(long timestampMillis, long samples, long rejected) {}

  public MetricsFlusher(List<MetricSource> sources, Appendable storage, Duration interval, LongSupplier clockMillis) {
    this(sources, storage, interval, clockMillis, FlushBarrier.NONE);
  }

  public MetricsFlusher(List<MetricSource> sources, Appendable storage, Duration interval, LongSupplier clockMillis,
      FlushBarrier barrier) {
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("flush interval must be at least 1ms, got " + interval);
    }
    this.sources = List.copyOf(sources);
    this.storage = storage;
    this.intervalMillis = interval.toMillis();
    this.clockMillis = clockMillis;
    this.barrier = barrier;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipescope-metrics-flush");
      t.setDaemon(true);
      return t;
    });
  }

  /** Flushes on every grid point of the interval from now on. */
  public void start() {
    long now = clockMillis.getAsLong();
    long firstDelay = intervalMillis - Math.floorMod(now, intervalMillis);
    scheduler.scheduleAtFixedRate(this::flushOnSchedule, firstDelay, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void flushOnSchedule() {
    try {
      long now = clockMillis.getAsLong();
      flushAt(now - Math.floorMod(now, intervalMillis));
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.log(Level.WARNING, "flushing metrics to storage failed; the next flush retries", e);
    }
  }

  /** One flush at the current time (off the grid), as at shutdown. */
  public Flush flushNow() throws IOException {
    return flushAt(clockMillis.getAsLong());
  }

  private synchronized Flush flushAt(long timestampMillis) throws IOException {
    if (timestampMillis <= lastTimestamp) {
      return new Flush(lastTimestamp, 0, 0);
    }
    Appender appender = storage.appender();
    AppendingCollector collector = new AppendingCollector(appender, timestampMillis);
    barrier.enter();
    try {
      for (MetricSource source : sources) {
        source.collect(collector);
      }
      appender.commit();
    } catch (IOException | RuntimeException e) {
      appender.rollback();
      throw e;
    } finally {
      barrier.exit();
    }
    barrier.afterCommit();
    lastTimestamp = timestampMillis;
    flushes.incrementAndGet();
    samples.addAndGet(collector.appended());
    rejected.addAndGet(collector.rejected());
    return new Flush(timestampMillis, collector.appended(), collector.rejected());
  }

  public long flushes() {
    return flushes.get();
  }

  public long samplesWritten() {
    return samples.get();
  }

  public long samplesRejected() {
    return rejected.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Stops the schedule and writes a last flush, so a clean shutdown loses nothing. */
  @Override
  public void close() throws IOException {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushNow();
  }
}
