package io.pipescope.store.internal.head;

import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.internal.wal.RefSample;
import io.pipescope.store.internal.wal.RefSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of samples for the head. Each sample is checked at append (so a bad one is refused
 * alone), the batch is logged at commit, and only then applied to the series, so a sample is
 * visible only once it is durable.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private final HeadLog log;
  private final List<RefSeries> newSeries = new ArrayList<>();
  private final List<RefSample> samples = new ArrayList<>();
  private final Set<MemSeries> unlogged = new HashSet<>();
  private final List<MemSeries> targets = new ArrayList<>();
  /** The newest pending sample per series in this batch: time and value bits. */
  private final Map<MemSeries, long[]> pendingNewest = new HashMap<>();

  HeadAppender(Head head, HeadLog log) {
    this.head = head;
    this.log = log;
  }

  @Override
  public long append(long ref, Labels labels, long timestampMillis, double value) throws SampleRejectedException {
    MemSeries series = ref != 0 ? head.series(ref) : null;
    if (series == null) {
      if (labels == null || labels.size() == 0) {
        throw new SampleRejectedException(SampleRejectedException.Reason.INVALID_LABELS, "a series needs labels");
      }
      series = head.getOrCreate(labels);
    }
    if (!series.logged() && unlogged.add(series)) {
      // Logged with the first batch that commits samples for it (rolled-back batches log nothing).
      newSeries.add(new RefSeries(series.ref(), series.labels()));
    }
    if (timestampMillis < head.minValidTime()) {
      throw new SampleRejectedException(SampleRejectedException.Reason.TOO_OLD, "sample at " + timestampMillis
          + " for " + series.labels() + " is older than " + head.minValidTime()
          + ", the start of the head: that time is in a block already");
    }
    long[] pending = pendingNewest.get(series);
    boolean fresh = series.accepts(timestampMillis, value,
        pending == null ? Long.MIN_VALUE : pending[0], pending == null ? 0 : pending[1]);
    if (fresh) {
      add(series, timestampMillis, value);
      if (pending == null) {
        pendingNewest.put(series, new long[] {timestampMillis, Double.doubleToRawLongBits(value)});
      } else {
        pending[0] = timestampMillis;
        pending[1] = Double.doubleToRawLongBits(value);
      }
    }
    return series.ref();
  }

  private void add(MemSeries series, long t, double v) {
    samples.add(new RefSample(series.ref(), t, v));
    targets.add(series);
  }

  @Override
  public void commit() throws IOException {
    try {
      if (!samples.isEmpty() || !newSeries.isEmpty()) {
        log.log(newSeries, samples);
      }
      for (MemSeries series : unlogged) {
        series.markLogged();
      }
      long newest = Long.MIN_VALUE;
      for (int i = 0; i < samples.size(); i++) {
        RefSample sample = samples.get(i);
        targets.get(i).append(sample.timestampMillis(), sample.value());
        newest = Math.max(newest, sample.timestampMillis());
      }
      head.applied(samples.size());
      head.observed(newest);
    } finally {
      clear();
    }
  }

  @Override
  public void rollback() {
    // Series created for this batch stay (empty); they are logged by the first batch that commits.
    clear();
  }

  private void clear() {
    newSeries.clear();
    unlogged.clear();
    targets.clear();
    samples.clear();
    pendingNewest.clear();
  }
}
