package io.pipescope.aggregator.metrics;

/**
 * Receives a snapshot of metric families, one family at a time: {@link #family} opens a family and
 * the samples that follow belong to it. Exposition writers and (later) the store's flush implement
 * it, so a source is written once and read by every consumer.
 */
public interface MetricCollector {

  /**
   * Opens a family. {@code name} is the family name without the {@code _total} suffix of counters
   * (OpenMetrics' rule); the text writers add it.
   */
  void family(String name, MetricType type, String help);

  /** A counter or gauge sample of the open family. */
  void sample(Labels labels, double value);

  /** A histogram sample of the open family. */
  void histogram(Labels labels, HistogramSnapshot histogram);
}
