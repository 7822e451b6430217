package io.pipescope.store;

import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadReplay;
import io.pipescope.store.internal.head.WalHeadLog;
import io.pipescope.store.internal.wal.WalOptions;
import io.pipescope.store.internal.wal.WriteAheadLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pipescope's embedded time-series store. Today: the head block, every batch in the write-ahead
 * log before it is acknowledged and rebuilt from it on open. Blocks on disk, compaction and
 * retention come next (see the store issue); the appender and querier seams stay as they are.
 */
public final class TimeSeriesStore implements Appendable, Queryable, Closeable, MetricSource {
  private final WriteAheadLog wal;
  private final Head head;
  private final HeadReplay.Result replayed;

  private TimeSeriesStore(WriteAheadLog wal, Head head, HeadReplay.Result replayed) {
    this.wal = wal;
    this.head = head;
    this.replayed = replayed;
  }

  /**
   * Opens (or creates) the store in {@code options.directory()}, repairing a torn WAL tail and
   * replaying the log into the head.
   *
   * @throws IOException when the WAL is corrupt other than at its tail (the message names the
   *     segment file and offset), or the directory cannot be used
   */
  public static TimeSeriesStore open(StoreOptions options) throws IOException {
    Path walDir = options.directory().resolve("wal");
    Files.createDirectories(walDir);
    WriteAheadLog wal = WriteAheadLog.open(walDir, WalOptions.defaults()
        .withFsyncPolicy(options.fsync()).withFsyncInterval(options.fsyncInterval()));
    try {
      Head head = new Head(new WalHeadLog(wal));
      HeadReplay.Result replayed = HeadReplay.replay(walDir, head);
      return new TimeSeriesStore(wal, head, replayed);
    } catch (IOException | RuntimeException e) {
      wal.close();
      throw e;
    }
  }

  @Override
  public Appender appender() {
    return head.appender();
  }

  @Override
  public Querier querier(long minTimeMillis, long maxTimeMillis) {
    return head.querier(minTimeMillis, maxTimeMillis);
  }

  public long numSeries() {
    return head.numSeries();
  }

  public long numSamples() {
    return head.numSamples();
  }

  /** Each series' newest sample: what the aggregators continue from after a restart. */
  public void forEachLatest(Head.LatestSample consumer) {
    head.forEachLatest(consumer);
  }

  /** Bytes of the head's chunks. */
  public long chunkBytes() {
    return head.chunkBytes();
  }

  /** What the last open replayed from the write-ahead log. */
  public HeadReplay.Result replayed() {
    return replayed;
  }

  /** The store's own health, as {@code pipescope_store_*}. */
  @Override
  public void collect(MetricCollector c) {
    c.family("pipescope_store_head_series", MetricType.GAUGE, "Series in the head block.");
    c.sample(Labels.empty(), head.numSeries());
    c.family("pipescope_store_head_samples_appended", MetricType.COUNTER,
        "Samples appended to the head since start (replayed ones included).");
    c.sample(Labels.empty(), head.numSamples());
    c.family("pipescope_store_head_chunk_bytes", MetricType.GAUGE, "Bytes of the head's compressed chunks.");
    c.sample(Labels.empty(), head.chunkBytes());
    c.family("pipescope_store_wal_fsyncs", MetricType.COUNTER, "Syncs of WAL segments (one per group commit).");
    c.sample(Labels.empty(), wal.fsyncCount());
    c.family("pipescope_store_wal_replay_seconds", MetricType.GAUGE, "Time the last open spent replaying the WAL.");
    c.sample(Labels.empty(), replayed.millis() / 1000.0);
  }

  @Override
  public void close() throws IOException {
    wal.close();
  }
}
