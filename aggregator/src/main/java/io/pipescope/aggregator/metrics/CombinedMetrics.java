package io.pipescope.aggregator.metrics;

import java.util.List;

/** Several metric sources as one: collected in order, and restored in all that can be. */
public final class CombinedMetrics implements MetricSource, Restorable {
  private final List<MetricSource> sources;

  private CombinedMetrics(List<MetricSource> sources) {
    this.sources = List.copyOf(sources);
  }

  public static CombinedMetrics of(MetricSource... sources) {
    return new CombinedMetrics(List.of(sources));
  }

  @Override
  public void collect(MetricCollector collector) {
    for (MetricSource source : sources) {
      source.collect(collector);
    }
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    for (MetricSource source : sources) {
      if (source instanceof Restorable r) {
        r.restore(sampleName, labels, value);
      }
    }
  }
}
