package io.pipescope.aggregator.storage;

import io.pipescope.aggregator.metrics.Exemplar;
import io.pipescope.aggregator.metrics.FloatFormat;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricType;

/**
 * Writes collected families as samples, named as the text exposition names them: counters as
 * {@code name_total}, histograms as {@code _bucket{le}}, {@code _sum} and {@code _count}. So what
 * is stored is exactly what {@code /metrics} shows, and PromQL over either gives the same answer.
 */
final class AppendingCollector implements MetricCollector {
  private final Appender appender;
  private final long timestampMillis;
  private String family;
  private MetricType type;
  private long appended;
  private long rejected;

  AppendingCollector(Appender appender, long timestampMillis) {
    this.appender = appender;
    this.timestampMillis = timestampMillis;
  }

  @Override
  public void family(String name, MetricType type, String help) {
    this.family = name;
    this.type = type;
  }

  @Override
  public void sample(Labels labels, double value) {
    append(type == MetricType.COUNTER ? family + "_total" : family, labels, value);
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot h) {
    String bucket = family + "_bucket";
    for (int i = 0; i < h.upperBounds().length; i++) {
      bucket(bucket, labels.with("le", FloatFormat.format(h.upperBounds()[i])), h.cumulativeCounts()[i], h.exemplar(i));
    }
    bucket(bucket, labels.with("le", "+Inf"), h.count(), h.exemplar(h.upperBounds().length));
    append(family + "_sum", labels, h.sum());
    append(family + "_count", labels, h.count());
  }

  private void bucket(String name, Labels labels, double value, Exemplar exemplar) {
    append(name, labels, value);
    if (exemplar != null) {
      appender.appendExemplar(labels.with("__name__", name), exemplar.labels(), exemplar.timestampMillis(),
          exemplar.value());
    }
  }

  private void append(String name, Labels labels, double value) {
    try {
      appender.append(0, labels.with("__name__", name), timestampMillis, value);
      appended++;
    } catch (SampleRejectedException e) {
      rejected++;
    }
  }

  long appended() {
    return appended;
  }

  long rejected() {
    return rejected;
  }
}
