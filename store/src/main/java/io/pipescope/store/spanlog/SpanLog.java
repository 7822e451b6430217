package io.pipescope.store.spanlog;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.storage.FlushBarrier;
import io.pipescope.store.internal.wal.WalOptions;
import io.pipescope.store.internal.wal.WalReader;
import io.pipescope.store.internal.wal.WriteAheadLog;
import io.pipescope.store.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes span counts survive a crash between two flushes: every accepted span batch is written to
 * its own write-ahead log, numbered, before it is aggregated and acknowledged. The flush of the
 * aggregators' metrics into the store holds {@link #flushBarrier()} and stores the number of the
 * last batch it covers ({@code pipescope_span_log_checkpoint}) in the same commit; on start, the
 * batches after it are replayed through the aggregators. Covered batches go with whole segments.
 */
public final class SpanLog implements SpanConsumer, MetricSource, FlushBarrier, Closeable {
  /** The stored series that records which batches a flush covered. */
  public static final String CHECKPOINT_METRIC = "pipescope_span_log_checkpoint";
  private static final int SEGMENT_BYTES = 16 * 1024 * 1024;

  private final WriteAheadLog wal;
  private final SpanConsumer aggregators;
  private final ReentrantReadWriteLock order = new ReentrantReadWriteLock();
  /** Number of the last batch logged; written under the read lock, read under the write lock. */
  private final java.util.concurrent.atomic.AtomicLong lastBatch = new java.util.concurrent.atomic.AtomicLong();
  /** Set by the flush under the barrier: segments before it hold only batches the flush covers. */
  private volatile int coveredSegmentsBefore;

  private SpanLog(WriteAheadLog wal, SpanConsumer aggregators, long lastBatch) {
    this.wal = wal;
    this.aggregators = aggregators;
    this.lastBatch.set(lastBatch);
  }

  /**
   * Opens the log in {@code dir} and replays every batch after {@code checkpoint} (the newest stored
   * value of {@link #CHECKPOINT_METRIC}, or 0) through {@code aggregators}.
   */
  public static SpanLog open(Path dir, FsyncPolicy fsync, Duration fsyncInterval, SpanConsumer aggregators,
      long checkpoint) throws IOException {
    WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults().withSegmentBytes(SEGMENT_BYTES)
        .withFsyncPolicy(fsync).withFsyncInterval(fsyncInterval));
    long last = checkpoint;
    try (WalReader reader = WalReader.open(dir)) {
      while (reader.next()) {
        ByteBuffer record = ByteBuffer.wrap(reader.record());
        long batch = record.getLong();
        if (batch > checkpoint) {
          ExportTraceServiceRequest spans = ExportTraceServiceRequest.parseFrom(record);
          aggregators.consume(spans.getResourceSpansList());
        }
        last = Math.max(last, batch);
      }
    } catch (IOException | RuntimeException e) {
      wal.close();
      throw e;
    }
    return new SpanLog(wal, aggregators, last);
  }

  @Override
  public void consume(List<ResourceSpans> batch) {
    byte[] spans = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(batch).build().toByteArray();
    Lock shared = order.readLock();
    shared.lock();
    try {
      long number = lastBatch.incrementAndGet();
      wal.log(ByteBuffer.allocate(8 + spans.length).putLong(number).put(spans).array());
      aggregators.consume(batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      shared.unlock();
    }
  }

  /**
   * The flush enters before collecting: from here until {@link #exit()} no batch is between logged
   * and aggregated, so the checkpoint it stores covers exactly the batches in what it stores, and
   * every segment before the current one holds only covered batches.
   */
  @Override
  public void enter() {
    order.writeLock().lock();
    coveredSegmentsBefore = wal.currentSegment();
  }

  @Override
  public void exit() {
    order.writeLock().unlock();
  }

  /** Deletes the segments the committed flush covers (its current segment is kept). */
  @Override
  public void afterCommit() throws IOException {
    wal.truncateBefore(coveredSegmentsBefore);
  }

  /** The checkpoint: collected by the flush while it holds the barrier. */
  @Override
  public void collect(MetricCollector collector) {
    collector.family(CHECKPOINT_METRIC, MetricType.GAUGE,
        "Number of the last span batch logged (and aggregated); a flush stores the batches it covers.");
    collector.sample(Labels.empty(), lastBatch.get());
  }

  @Override
  public void close() throws IOException {
    wal.close();
  }
}
