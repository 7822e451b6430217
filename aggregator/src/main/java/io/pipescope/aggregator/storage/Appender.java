package io.pipescope.aggregator.storage;

import io.pipescope.aggregator.metrics.Labels;
import java.io.IOException;

/**
 * One batch of writes (Prometheus's storage.Appender). Samples become visible to queries and
 * durable together at {@link #commit()}; an appender is used by one thread and then dropped.
 */
public interface Appender {
  /**
   * Adds one sample. {@code ref} is the reference a previous append returned for the same labels,
   * or 0; the returned reference lets later appends skip the label lookup.
   *
   * @throws SampleRejectedException when the sample is out of order or too old; the rest of the
   *     batch is unaffected
   */
  long append(long ref, Labels labels, long timestampMillis, double value) throws SampleRejectedException;

  /**
   * Adds an exemplar to the series {@code seriesLabels} (Prometheus's AppendExemplar): the
   * observation's {@code exemplarLabels} ({@code trace_id}, ...), value and time. An exemplar the
   * store already holds for the series is ignored. Stores that keep no exemplars ignore all.
   */
  default void appendExemplar(Labels seriesLabels, Labels exemplarLabels, long timestampMillis, double value) {}

  /** Writes the batch to the write-ahead log (honouring the fsync policy), then makes it visible. */
  void commit() throws IOException;

  /** Drops everything appended since the last commit. */
  void rollback();
}
