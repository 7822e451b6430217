package io.pipescope.store.internal.head;

import io.pipescope.aggregator.metrics.Labels;
import java.io.IOException;
import java.util.List;

/**
 * Where the head makes a batch durable before applying it: the write-ahead log, or nothing for a
 * purely in-memory head. A batch is new series (ref and labels) and samples (ref, time, value).
 */
public interface HeadLog {
  /** A new series, logged before its first samples so replay can recreate it. */
  record NewSeries(long ref, Labels labels) {}

  /** Samples of one batch, in parallel arrays. */
  record Samples(long[] refs, long[] timestamps, double[] values, int size) {}

  /** Returns once the batch is durable under the log's fsync policy. */
  void log(List<NewSeries> series, Samples samples) throws IOException;

  HeadLog NONE = (series, samples) -> { };
}
