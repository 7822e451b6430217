package io.pipescope.aggregator.testing;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One collected snapshot, kept as family name to (labels to value) for counters and gauges and
 * (labels to snapshot) for histograms. Family names are as collectors see them: counters without
 * the {@code _total} suffix the text writers add. Asking for a family that was not collected fails,
 * so a misspelt name cannot pass as a zero.
 */
public final class RecordingCollector implements MetricCollector {
  private final Map<String, MetricType> types = new LinkedHashMap<>();
  private final Map<String, Map<Labels, Double>> samples = new LinkedHashMap<>();
  private final Map<String, Map<Labels, HistogramSnapshot>> histograms = new LinkedHashMap<>();
  private String open;

  public static RecordingCollector collect(MetricSource source) {
    RecordingCollector c = new RecordingCollector();
    source.collect(c);
    return c;
  }

  @Override
  public void family(String name, MetricType type, String help) {
    if (types.putIfAbsent(name, type) != null) {
      throw new AssertionError("family " + name + " collected twice");
    }
    open = name;
    if (type == MetricType.HISTOGRAM) {
      histograms.put(name, new LinkedHashMap<>());
    } else {
      samples.put(name, new LinkedHashMap<>());
    }
  }

  @Override
  public void sample(Labels labels, double value) {
    Map<Labels, Double> family = samples.get(open);
    if (family == null) {
      throw new AssertionError("sample " + labels + " outside a counter or gauge family (open: " + open + ")");
    }
    if (family.put(labels, value) != null) {
      throw new AssertionError("duplicate series " + open + labels);
    }
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot histogram) {
    Map<Labels, HistogramSnapshot> family = histograms.get(open);
    if (family == null) {
      throw new AssertionError("histogram " + labels + " outside a histogram family (open: " + open + ")");
    }
    if (family.put(labels, histogram) != null) {
      throw new AssertionError("duplicate series " + open + labels);
    }
  }

  public boolean has(String family) {
    return types.containsKey(family);
  }

  /** The counter or gauge series of a family. */
  public Map<Labels, Double> series(String family) {
    Map<Labels, Double> found = samples.get(family);
    if (found == null) {
      throw new AssertionError("no counter or gauge family " + family + "; collected: " + types.keySet());
    }
    return found;
  }

  /** The histogram series of a family. */
  public Map<Labels, HistogramSnapshot> histogramSeries(String family) {
    Map<Labels, HistogramSnapshot> found = histograms.get(family);
    if (found == null) {
      throw new AssertionError("no histogram family " + family + "; collected: " + types.keySet());
    }
    return found;
  }

  /** The value of the series with exactly these labels (name, value, ...); fails when it is absent. */
  public double value(String family, String... labels) {
    Labels want = Labels.of(labels);
    Double v = series(family).get(want);
    if (v == null) {
      throw new AssertionError("no series " + family + want + "; have " + series(family).keySet());
    }
    return v;
  }

  /** The sum over the series that carry all these labels (name, value, ...); 0 when none does. */
  public double sum(String family, String... labels) {
    Labels want = Labels.of(labels);
    double total = 0;
    for (Map.Entry<Labels, Double> e : series(family).entrySet()) {
      if (contains(e.getKey(), want)) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** The histogram with exactly these labels; fails when it is absent. */
  public HistogramSnapshot histogram(String family, String... labels) {
    Labels want = Labels.of(labels);
    HistogramSnapshot h = histogramSeries(family).get(want);
    if (h == null) {
      throw new AssertionError("no histogram " + family + want + "; have " + histogramSeries(family).keySet());
    }
    return h;
  }

  /** Observations over the histograms that carry all these labels; 0 when none does. */
  public long histogramCount(String family, String... labels) {
    Labels want = Labels.of(labels);
    long total = 0;
    for (Map.Entry<Labels, HistogramSnapshot> e : histogramSeries(family).entrySet()) {
      if (contains(e.getKey(), want)) {
        total += e.getValue().count();
      }
    }
    return total;
  }

  /** Sum of observations over the histograms that carry all these labels. */
  public double histogramSum(String family, String... labels) {
    Labels want = Labels.of(labels);
    double total = 0;
    for (Map.Entry<Labels, HistogramSnapshot> e : histogramSeries(family).entrySet()) {
      if (contains(e.getKey(), want)) {
        total += e.getValue().sum();
      }
    }
    return total;
  }

  private static boolean contains(Labels have, Labels want) {
    for (int i = 0; i < want.size(); i++) {
      if (!want.value(i).equals(have.get(want.name(i)))) {
        return false;
      }
    }
    return true;
  }
}
