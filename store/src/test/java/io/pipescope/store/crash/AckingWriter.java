package io.pipescope.store.crash;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.nio.file.Path;

/**
 * The process a crash test kills: appends batches to a store forever and prints "ack N" after each
 * commit returns, so the test knows exactly which batches were acknowledged when it pulled the plug.
 * Batch N holds one sample per series s in 0..SERIES at time (start + N), value N * 1000 + s.
 */
public final class AckingWriter {
  static final int SERIES = 50;

  private AckingWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long firstBatch = Long.parseLong(args[1]);
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir))) {
      System.out.println("ready");
      System.out.flush();
      long[] refs = new long[SERIES];
      for (long batch = firstBatch; ; batch++) {
        Appender app = store.appender();
        for (int s = 0; s < SERIES; s++) {
          refs[s] = app.append(refs[s], labels(s), timestamp(batch), value(batch, s));
        }
        app.commit();
        System.out.println("ack " + batch);
        System.out.flush();
      }
    }
  }

  static Labels labels(int s) {
    return Labels.of("__name__", "crash_test", "series", Integer.toString(s));
  }

  static long timestamp(long batch) {
    return 1_700_000_000_000L + batch;
  }

  static double value(long batch, int s) {
    return batch * 1000.0 + s;
  }
}
