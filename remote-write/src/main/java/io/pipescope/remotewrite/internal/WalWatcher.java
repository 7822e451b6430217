package io.pipescope.remotewrite.internal;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.WalPosition;
import io.pipescope.store.WalTail;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the store's WAL for one receiver, as Prometheus's WAL watcher: series records become
 * {@link SeriesEntry}s (external labels merged in, shard chosen), and each sample is queued on its
 * series' shard, in WAL order. First it reads the series logged before its start position, since the
 * samples after it name series by ref.
 *
 * <p>After a restart the records from the start position are read again; a sample its shard had
 * already had acknowledged (at or before the shard's saved mark) is not queued again.
 */
final class WalWatcher implements Runnable, WalTail.Visitor {
  private static final Logger LOG = Logger.getLogger(WalWatcher.class.getName());
  /** How often a reader with nothing to read checks whether it is to stop. */
  private static final long IDLE_WAIT_MILLIS = 100;

  private final String queueName;
  private final TimeSeriesStore store;
  private final Shard[] shards;
  private final Map<String, String> externalLabels;
  private final RemoteStorageMetrics.QueueMetrics metrics;
  private final WalPosition start;
  private final Map<Long, SeriesEntry> series = new HashMap<>();
  /** The saved marks of the shards while records they cover are read again; then null. */
  private SampleMark[] skipMarks;
  private volatile WalPosition dispatched;
  private volatile boolean draining;
  private WalTail tail;
  private WalPosition recordStart;
  private int recordIndex;
  private long segmentsSkipped;
  private boolean warnedUnknownSeries;

  WalWatcher(String queueName, TimeSeriesStore store, Shard[] shards, Map<String, String> externalLabels,
      RemoteStorageMetrics.QueueMetrics metrics, WalPosition start, SampleMark[] skipMarks) {
    this.queueName = queueName;
    this.store = store;
    this.shards = shards;
    this.externalLabels = new TreeMap<>(externalLabels);
    this.metrics = metrics;
    this.start = start;
    this.dispatched = start;
    this.skipMarks = skipMarks;
  }

  /**
   * Where a restart must read again from if no shard held anything: every record before it has had
   * all its samples queued (or skipped).
   */
  WalPosition dispatched() {
    return dispatched;
  }

  /** Read what is in the WAL now, then end. */
  void drain() {
    draining = true;
  }

  @Override
  public void run() {
    try {
      store.readWalSeries(start, this);
      try (WalTail t = store.walTail(start)) {
        tail = t;
        while (true) {
          recordStart = null;
          recordIndex = 0;
          boolean read = t.next(draining ? 0 : IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS, this);
          noteSkippedSegments(t.segmentsSkipped());
          if (!read) {
            if (draining || Thread.currentThread().isInterrupted()) {
              return;
            }
            continue;
          }
          dispatched = t.recordEnd();
          if (skipMarks != null && allBefore(skipMarks, dispatched)) {
            skipMarks = null;
          }
        }
      }
    } catch (StopReading | InterruptedIOException | ClosedByInterruptException stopped) {
      // Closing: where reading stopped is in the progress file.
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "remote_write " + queueName + " cannot read the WAL any further; samples logged from "
          + dispatched + " on are not sent until a restart", e);
    } finally {
      for (Shard shard : shards) {
        shard.finishInput();
      }
    }
  }

  @Override
  public void series(long ref, Labels labels) {
    TreeMap<String, String> merged = new TreeMap<>(externalLabels);
    for (int i = 0; i < labels.size(); i++) {
      merged.put(labels.name(i), labels.value(i)); // a series' own label wins, as in Prometheus
    }
    List<Label> proto = new ArrayList<>(merged.size());
    merged.forEach((name, value) -> proto.add(Label.newBuilder().setName(name).setValue(value).build()));
    series.put(ref, new SeriesEntry(List.copyOf(proto), shardOf(labels, shards.length)));
  }

  @Override
  public void sample(long ref, long timestampMillis, double value) {
    if (recordStart == null) {
      recordStart = tail.recordStart();
    }
    int index = recordIndex++;
    SeriesEntry s = series.get(ref);
    if (s == null) {
      metrics.dropped().inc();
      if (!warnedUnknownSeries) {
        warnedUnknownSeries = true;
        LOG.warning("remote_write " + queueName + ": samples of series ref " + ref + " at " + recordStart
            + " have no series record (it went to a checkpoint the series did not survive); such samples are"
            + " counted in pipescope_remote_storage_samples_dropped_total");
      }
      return;
    }
    if (skipMarks != null) {
      SampleMark sent = skipMarks[s.shard];
      if (sent != null && sent.covers(recordStart, index)) {
        return;
      }
    }
    try {
      shards[s.shard].enqueue(s, timestampMillis, value, recordStart, index);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StopReading();
    }
  }

  @Override
  public void deleted(long ref) {
    series.remove(ref);
  }

  /**
   * The shard a series is sent by: a hash of its own labels (not the ref, which a series gets anew
   * if it leaves the head and comes back), so it is the same after a restart.
   */
  static int shardOf(Labels labels, int shards) {
    long h = labels.hashCode() * 0x9E3779B97F4A7C15L;
    return (int) Math.floorMod(h ^ (h >>> 32), (long) shards);
  }

  private void noteSkippedSegments(long total) {
    if (total > segmentsSkipped) {
      metrics.segmentsSkipped().add(total - segmentsSkipped);
      segmentsSkipped = total;
    }
  }

  private static boolean allBefore(SampleMark[] marks, WalPosition position) {
    for (SampleMark m : marks) {
      if (m != null && !m.record().isBefore(position)) {
        return false;
      }
    }
    return true;
  }

  /** Unwinds the WAL read when a full shard's wait is interrupted by close. */
  private static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }
}
