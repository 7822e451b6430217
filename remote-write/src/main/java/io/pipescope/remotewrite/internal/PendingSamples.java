package io.pipescope.remotewrite.internal;

import io.pipescope.store.WalPosition;

/**
 * A shard's samples in WAL order, queued or in flight, in a fixed ring of parallel arrays (no object
 * per sample). Each sample keeps where it came from: the start of its WAL record and its place in
 * that record, which orders all samples and lets a restart tell sent from unsent. Not thread-safe:
 * the shard guards it.
 */
final class PendingSamples {
  private final SeriesEntry[] series;
  private final long[] timestamps;
  private final double[] values;
  private final int[] segments;
  private final long[] offsets;
  private final int[] indexes;
  private int head;
  private int size;

  PendingSamples(int capacity) {
    series = new SeriesEntry[capacity];
    timestamps = new long[capacity];
    values = new double[capacity];
    segments = new int[capacity];
    offsets = new long[capacity];
    indexes = new int[capacity];
  }

  int size() {
    return size;
  }

  int capacity() {
    return series.length;
  }

  void add(SeriesEntry s, long timestampMillis, double value, WalPosition record, int index) {
    int slot = slot(size);
    series[slot] = s;
    timestamps[slot] = timestampMillis;
    values[slot] = value;
    segments[slot] = record.segment();
    offsets[slot] = record.offset();
    indexes[slot] = index;
    size++;
  }

  /** Forgets the first {@code n} samples: they are sent (or dropped). */
  void removeFirst(int n) {
    for (int i = 0; i < n; i++) {
      series[slot(i)] = null;
    }
    head = slot(n);
    size -= n;
  }

  SeriesEntry series(int i) {
    return series[slot(i)];
  }

  long timestamp(int i) {
    return timestamps[slot(i)];
  }

  double value(int i) {
    return values[slot(i)];
  }

  /** The start of the WAL record the {@code i}th sample came from. */
  WalPosition record(int i) {
    return new WalPosition(segments[slot(i)], offsets[slot(i)]);
  }

  SampleMark mark(int i) {
    int s = slot(i);
    return new SampleMark(segments[s], offsets[s], indexes[s]);
  }

  private int slot(int i) {
    int s = head + i;
    return s >= series.length ? s - series.length : s;
  }
}
