package io.pipescope.query.exposition;

import io.pipescope.aggregator.metrics.Exemplar;
import io.pipescope.aggregator.metrics.FloatFormat;
import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.query.promql.engine.ValueFormat;

/**
 * Writes metric families in the Prometheus text format 0.0.4 or OpenMetrics 1.0. The two differ
 * in the counter family name ({@code x_total} vs {@code x}), HELP escaping, the closing
 * {@code # EOF}, and exemplars on histogram buckets, which only OpenMetrics carries.
 */
public final class ExpositionWriter implements MetricCollector {
  private final StringBuilder out;
  private final boolean openMetrics;
  private String family;
  private MetricType type;

  ExpositionWriter(StringBuilder out, boolean openMetrics) {
    this.out = out;
    this.openMetrics = openMetrics;
  }

  @Override
  public void family(String name, MetricType type, String help) {
    this.family = name;
    this.type = type;
    String declared = type == MetricType.COUNTER && !openMetrics ? name + "_total" : name;
    out.append("# HELP ").append(declared).append(' ');
    escape(help, false);
    out.append('\n');
    out.append("# TYPE ").append(declared).append(' ').append(type.expositionName()).append('\n');
  }

  @Override
  public void sample(Labels labels, double value) {
    line(type == MetricType.COUNTER ? family + "_total" : family, labels, null, null, value);
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot h) {
    String bucket = family + "_bucket";
    double[] bounds = h.upperBounds();
    long[] counts = h.cumulativeCounts();
    for (int i = 0; i < bounds.length; i++) {
      line(bucket, labels, "le", FloatFormat.format(bounds[i]), counts[i], h.exemplar(i));
    }
    line(bucket, labels, "le", "+Inf", counts[bounds.length], h.exemplar(bounds.length));
    line(family + "_sum", labels, null, null, h.sum());
    line(family + "_count", labels, null, null, h.count());
  }

  /** Ends the exposition (OpenMetrics requires the {@code # EOF} line). */
  public void finish() {
    if (openMetrics) {
      out.append("# EOF\n");
    }
  }

  private void line(String name, Labels labels, String extraName, String extraValue, double value) {
    line(name, labels, extraName, extraValue, value, null);
  }

  private void line(String name, Labels labels, String extraName, String extraValue, double value,
      Exemplar exemplar) {
    out.append(name);
    if (labels.size() > 0 || extraName != null) {
      out.append('{');
      boolean first = true;
      for (int i = 0; i < labels.size(); i++) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(labels.name(i)).append("=\"");
        escape(labels.value(i), true);
        out.append('"');
      }
      if (extraName != null) {
        if (!first) {
          out.append(',');
        }
        out.append(extraName).append("=\"").append(extraValue).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(FloatFormat.format(value));
    if (openMetrics && exemplar != null) {
      // OpenMetrics: " # {trace_id=\"...\"} value timestamp", the timestamp in seconds.
      out.append(" # {");
      Labels l = exemplar.labels();
      for (int i = 0; i < l.size(); i++) {
        out.append(i == 0 ? "" : ",").append(l.name(i)).append("=\"").append(l.value(i)).append('"');
      }
      out.append("} ").append(FloatFormat.format(exemplar.value())).append(' ');
      ValueFormat.seconds(out, exemplar.timestampMillis());
    }
    out.append('\n');
  }

  /** Backslash and newline always; the double quote in label values, and in OpenMetrics HELP too. */
  private void escape(String s, boolean labelValue) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append(labelValue || openMetrics ? "\\\"" : "\"");
        default -> out.append(c);
      }
    }
  }
}
