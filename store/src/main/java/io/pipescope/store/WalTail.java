package io.pipescope.store;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.internal.wal.RefSeries;
import io.pipescope.store.internal.wal.WalRecords;
import io.pipescope.store.internal.wal.WalTailReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The store's write-ahead log read as it grows, record by record, for whoever forwards what the
 * store takes in (remote write): every series the head creates, every sample it commits, every
 * series deleted, in the order they were logged. Only synced records are read, so nothing read can
 * be lost to a crash. Open one with {@link TimeSeriesStore#walTail}; one thread per tail.
 */
public final class WalTail implements Closeable {
  /** What a record holds, decoded; samples refer to series by the ref their series record gave. */
  public interface Visitor {
    void series(long ref, Labels labels);

    void sample(long ref, long timestampMillis, double value);

    void deleted(long ref);
  }

  private final WalTailReader reader;

  WalTail(WalTailReader reader) {
    this.reader = reader;
  }

  /**
   * Reads the next record into {@code visitor}, waiting up to {@code timeout} for one.
   *
   * @return false when no record came in time (or the store closed)
   * @throws IOException when the log cannot be read, or holds a record this version cannot decode
   */
  public boolean next(long timeout, TimeUnit unit, Visitor visitor) throws IOException {
    if (!reader.next(unit.toNanos(timeout))) {
      return false;
    }
    try {
      decode(reader.record(), visitor);
    } catch (IllegalArgumentException e) {
      throw new IOException("the WAL record at " + reader.recordStart() + " cannot be decoded: " + e.getMessage(), e);
    }
    return true;
  }

  /** Passes what one record holds to {@code visitor}; IllegalArgumentException for a record it cannot decode. */
  static void decode(byte[] record, Visitor visitor) {
    switch (WalRecords.Type.of(record)) {
      case SERIES -> {
        for (RefSeries s : WalRecords.decodeSeries(record)) {
          visitor.series(s.ref(), s.labels());
        }
      }
      case SAMPLES -> WalRecords.forEachSample(record, visitor::sample);
      case DELETED_SERIES -> {
        for (long ref : WalRecords.decodeDeletedSeries(record)) {
          visitor.deleted(ref);
        }
      }
    }
  }

  /** Where to read from to read the current record again. */
  public WalPosition recordStart() {
    return reader.recordStart();
  }

  /** Just past the current record: where to read from to go on after it. */
  public WalPosition recordEnd() {
    return reader.recordEnd();
  }

  /** Segments the store deleted before this tail read them (a hold was overrun). */
  public long segmentsSkipped() {
    return reader.segmentsSkipped();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
