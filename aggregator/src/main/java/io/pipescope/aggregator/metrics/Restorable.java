package io.pipescope.aggregator.metrics;

/**
 * A metric source whose counters and histograms can continue from stored values after a restart,
 * so {@code rate()} never sees a reset that did not happen. Samples are offered as the exposition
 * names them ({@code x_total}, {@code x_bucket{le}}, {@code x_sum}, {@code x_count}); a source
 * ignores names that are not its own, and gauges are never restored.
 */
public interface Restorable {
  void restore(String sampleName, Labels labels, double value);
}
