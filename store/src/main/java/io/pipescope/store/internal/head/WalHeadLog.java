package io.pipescope.store.internal.head;

import io.pipescope.store.internal.wal.RefSample;
import io.pipescope.store.internal.wal.RefSeries;
import io.pipescope.store.internal.wal.WalRecords;
import io.pipescope.store.internal.wal.WriteAheadLog;
import java.io.IOException;
import java.util.List;

/** The head's batches into the write-ahead log: a series record (if any series are new), then samples. */
public final class WalHeadLog implements HeadLog {
  private final WriteAheadLog wal;

  public WalHeadLog(WriteAheadLog wal) {
    this.wal = wal;
  }

  @Override
  public void log(List<RefSeries> series, List<RefSample> samples) throws IOException {
    if (series.isEmpty()) {
      wal.log(WalRecords.encodeSamples(samples));
    } else if (samples.isEmpty()) {
      wal.log(WalRecords.encodeSeries(series));
    } else {
      wal.log(WalRecords.encodeSeries(series), WalRecords.encodeSamples(samples));
    }
  }
}
