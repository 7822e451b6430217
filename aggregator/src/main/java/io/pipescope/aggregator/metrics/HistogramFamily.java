package io.pipescope.aggregator.metrics;

/** A duration histogram metric (seconds) with fixed label names and classic bucket bounds. */
public final class HistogramFamily implements MetricSource {
  private final String name;
  private final String help;
  private final double[] bounds;
  private final SeriesTable<DurationHistogram> series;

  public HistogramFamily(
      String name, String help, double[] bounds, int significantDigits, CardinalityLimit limit, String... labelNames) {
    this.name = name;
    this.help = help;
    this.bounds = BucketBounds.validated(bounds);
    this.series = new SeriesTable<>(labelNames, () -> new DurationHistogram(significantDigits), limit);
  }

  public DurationHistogram labels(String... labelValues) {
    return series.get(labelValues);
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family(name, MetricType.HISTOGRAM, help);
    series.forEach((labels, histogram) -> collector.histogram(labels, histogram.snapshot(bounds)));
  }
}
