package io.pipescope.aggregator.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what a {@link MetricSource} collects, for exact assertions. Fails at once on a family
 * opened twice or a series written twice (both would break a Prometheus scrape), and when a test
 * asks for a family or series that was never collected, so a misspelt name cannot pass as zero.
 * Family names are as collectors see them (counters without {@code _total}).
 */
public final class RecordingCollector implements MetricCollector {

  /** One collected family: its series in the order written, and their values or histograms. */
  public record Family(
      String name,
      MetricType type,
      String help,
      List<Labels> series,
      Map<Labels, Double> values,
      Map<Labels, HistogramSnapshot> histograms) {}

  private final Map<String, Family> families = new LinkedHashMap<>();
  private Family open;

  public static RecordingCollector collect(MetricSource source) {
    RecordingCollector collector = new RecordingCollector();
    source.collect(collector);
    return collector;
  }

  @Override
  public void family(String name, MetricType type, String help) {
    open = new Family(name, type, help, new ArrayList<>(), new HashMap<>(), new HashMap<>());
    if (families.putIfAbsent(name, open) != null) {
      throw new AssertionError("family " + name + " was opened twice");
    }
  }

  @Override
  public void sample(Labels labels, double value) {
    written(labels);
    open.values().put(labels, value);
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot histogram) {
    written(labels);
    open.histograms().put(labels, histogram);
  }

  private void written(Labels labels) {
    if (open == null) {
      throw new AssertionError("a sample before any family");
    }
    if (open.series().contains(labels)) {
      throw new AssertionError("duplicate series " + open.name() + labels);
    }
    open.series().add(labels);
  }

  public Family family(String name) {
    Family family = families.get(name);
    assertNotNull(family, () -> "no family " + name + " in " + families.keySet());
    return family;
  }

  /** The counter or gauge samples of a family, by labels. */
  public Map<Labels, Double> values(String family) {
    return series(family);
  }

  public HistogramSnapshot histogram(String family, Labels labels) {
    HistogramSnapshot h = histogramSeries(family).get(labels);
    assertNotNull(h, () -> "no " + family + " series " + labels + " in " + histogramSeries(family).keySet());
    return h;
  }

  /** The cumulative count of the bucket whose upper bound is {@code le} ({@code +Inf} for infinity). */
  public static long bucket(HistogramSnapshot h, double le) {
    if (le == Double.POSITIVE_INFINITY) {
      return h.cumulativeCounts()[h.upperBounds().length];
    }
    for (int i = 0; i < h.upperBounds().length; i++) {
      if (h.upperBounds()[i] == le) {
        return h.cumulativeCounts()[i];
      }
    }
    throw new AssertionError("no bucket le=" + le);
  }

  public boolean has(String family) {
    return families.containsKey(family);
  }

  /** The counter or gauge series of a family. */
  public Map<Labels, Double> series(String family) {
    Family found = families.get(family);
    if (found == null || found.type() == MetricType.HISTOGRAM) {
      throw new AssertionError("no counter or gauge family " + family + "; collected: " + families.keySet());
    }
    return found.values();
  }

  /** The histogram series of a family. */
  public Map<Labels, HistogramSnapshot> histogramSeries(String family) {
    Family found = families.get(family);
    if (found == null || found.type() != MetricType.HISTOGRAM) {
      throw new AssertionError("no histogram family " + family + "; collected: " + families.keySet());
    }
    return found.histograms();
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
