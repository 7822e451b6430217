package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link MetricCollector} that keeps what it is given, family by family, for assertions. */
public final class RecordingCollector implements MetricCollector {

  /** One collected family: every series in the order written (duplicates kept), and by labels. */
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
    open.series().add(labels);
    open.values().put(labels, value);
  }

  @Override
  public void histogram(Labels labels, HistogramSnapshot histogram) {
    open.series().add(labels);
    open.histograms().put(labels, histogram);
  }

  public Family family(String name) {
    Family family = families.get(name);
    assertNotNull(family, () -> "no family " + name + " in " + families.keySet());
    return family;
  }

  /** The counter or gauge samples of a family, by labels. */
  public Map<Labels, Double> values(String family) {
    return family(family).values();
  }

  public HistogramSnapshot histogram(String family, Labels labels) {
    HistogramSnapshot h = family(family).histograms().get(labels);
    assertNotNull(h, () -> "no " + family + " series " + labels + " in " + family(family).histograms().keySet());
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
}
