package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.util.HashMap;
import java.util.Map;

/** One collection of a metric source: family → labels → value (histograms are left out). */
final class CollectedCounters implements MetricCollector {
  private final Map<String, Map<Labels, Double>> families = new HashMap<>();
  private Map<Labels, Double> open;

  static CollectedCounters of(MetricSource source) {
    CollectedCounters collected = new CollectedCounters();
    source.collect(collected);
    return collected;
  }

  @Override
  public void family(String name, MetricType type, String help) {
    if (families.containsKey(name)) {
      throw new AssertionError("family " + name + " collected twice");
    }
    open = new HashMap<>();
    families.put(name, open);
  }

  @Override
  public void sample(Labels labels, double value) {
    open.put(labels, value);
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot histogram) {}

  /** The value of one series; fails when the family or series does not exist. */
  double value(String family, String... labels) {
    Map<Labels, Double> series = families.get(family);
    if (series == null) {
      throw new AssertionError("no family " + family + "; have " + families.keySet());
    }
    Double value = series.get(Labels.of(labels));
    if (value == null) {
      throw new AssertionError("no series " + Labels.of(labels) + " in " + family + "; have " + series.keySet());
    }
    return value;
  }

  boolean has(String family) {
    return families.containsKey(family);
  }
}
