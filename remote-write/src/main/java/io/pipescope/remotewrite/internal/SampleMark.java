package io.pipescope.remotewrite.internal;

import io.pipescope.store.WalPosition;

/**
 * One sample's place in the WAL: its record's start and its index among the record's samples.
 * Samples in the log are ordered by it, and a shard sends its samples in that order, so "every
 * sample of this shard up to here was sent" is one mark.
 */
record SampleMark(int segment, long offset, int index) implements Comparable<SampleMark> {
  static SampleMark of(WalPosition record, int index) {
    return new SampleMark(record.segment(), record.offset(), index);
  }

  /** Whether the sample at {@code record}, {@code index} comes at or before this mark. */
  boolean covers(WalPosition record, int index) {
    if (record.segment() != segment) {
      return record.segment() < segment;
    }
    if (record.offset() != offset) {
      return record.offset() < offset;
    }
    return index <= this.index;
  }

  WalPosition record() {
    return new WalPosition(segment, offset);
  }

  @Override
  public int compareTo(SampleMark o) {
    int c = record().compareTo(o.record());
    return c != 0 ? c : Integer.compare(index, o.index);
  }
}
