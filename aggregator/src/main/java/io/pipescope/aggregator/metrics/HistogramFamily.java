package io.pipescope.aggregator.metrics;

/** A histogram metric with fixed label names and classic bucket bounds, over HdrHistogram sketches. */
public final class HistogramFamily implements MetricSource, Restorable {
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
    this(name, help, bounds, significantDigits, unitsPerValue, false, limit, labelNames);
  }

  /** With {@code exemplars}, every series keeps the latest trace per bucket (see {@link SketchHistogram}). */
  public HistogramFamily(String name, String help, double[] bounds, int significantDigits, double unitsPerValue,
      boolean exemplars, CardinalityLimit limit, String... labelNames) {
    this.name = name;
    this.help = help;
    this.bounds = BucketBounds.validated(bounds);
    double[] exemplarBounds = exemplars ? this.bounds : null;
    this.series = new SeriesTable<>(labelNames,
        () -> new SketchHistogram(significantDigits, unitsPerValue, exemplarBounds), limit);
  }

  public SketchHistogram labels(String... labelValues) {
    return series.get(labelValues);
  }

  public SketchHistogram labels(LabelKey key) {
    return series.get(key);
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    if (!sampleName.startsWith(name + "_")) {
      return;
    }
    String suffix = sampleName.substring(name.length() + 1);
    if (suffix.equals("bucket") && labels.get("le") != null && series.fits(labels, "le")) {
      double le = "+Inf".equals(labels.get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le"));
      series.get(labels).restoreBucket(bounds, le, (long) value);
    } else if (suffix.equals("sum") && series.fits(labels, null)) {
      series.get(labels).restoreSum(value);
    }
    // _count is the +Inf bucket, restored with the buckets.
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family(name, MetricType.HISTOGRAM, help);
    series.forEach((labels, histogram) -> collector.histogram(labels, histogram.snapshot(bounds)));
  }
}
