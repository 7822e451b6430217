package io.pipescope.aggregator.metrics;

/** A histogram metric with fixed label names and classic bucket bounds, over HdrHistogram sketches. */
public final class HistogramFamily implements MetricSource {
  private final String name;
  private final String help;
  private final double[] bounds;
  private final SeriesTable<SketchHistogram> series;

  /**
   * @param unitsPerValue resolution of the sketch: {@link SketchHistogram#MICROS_PER_SECOND} for
   *     seconds, 1 for whole counts
   */
  public HistogramFamily(String name, String help, double[] bounds, int significantDigits, double unitsPerValue,
      CardinalityLimit limit, String... labelNames) {
    this.name = name;
    this.help = help;
    this.bounds = BucketBounds.validated(bounds);
    this.series = new SeriesTable<>(labelNames, () -> new SketchHistogram(significantDigits, unitsPerValue), limit);
  }

  public SketchHistogram labels(String... labelValues) {
    return series.get(labelValues);
  }

  public SketchHistogram labels(LabelKey key) {
    return series.get(key);
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family(name, MetricType.HISTOGRAM, help);
    series.forEach((labels, histogram) -> collector.histogram(labels, histogram.snapshot(bounds)));
  }
}
