package io.pipescope.store.internal.head;

import io.pipescope.store.internal.wal.RefSample;
import io.pipescope.store.internal.wal.RefSeries;
import java.io.IOException;
import java.util.List;

/**
 * Where the head makes a batch durable before applying it: the write-ahead log, or nothing for a
 * purely in-memory head. A batch is the series it introduces and its samples.
 */
public interface HeadLog {
  /** Returns once the batch is durable under the log's fsync policy. */
  void log(List<RefSeries> series, List<RefSample> samples) throws IOException;

  HeadLog NONE = (series, samples) -> { };
}
