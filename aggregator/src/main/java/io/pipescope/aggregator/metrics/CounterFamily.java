package io.pipescope.aggregator.metrics;

/** A counter metric with a fixed set of label names; one {@link Counter} per label-value set. */
public final class CounterFamily implements MetricSource, Restorable {
  private final String name;
  private final String help;
  private final SeriesTable<Counter> series;

  public CounterFamily(String name, String help, CardinalityLimit limit, String... labelNames) {
    this.name = name;
    this.help = help;
    this.series = new SeriesTable<>(labelNames, Counter::new, limit);
  }

  /** The counter for these label values, in the order the label names were given. */
  public Counter labels(String... labelValues) {
    return series.get(labelValues);
  }

  /** The counter for a probe key (no allocation once the series exists). */
  public Counter labels(LabelKey key) {
    return series.get(key);
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    if (sampleName.equals(name + "_total") && series.fits(labels, null) && value > 0) {
      series.get(labels).add((long) value);
    }
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family(name, MetricType.COUNTER, help);
    series.forEach((labels, counter) -> collector.sample(labels, counter.get()));
  }
}
