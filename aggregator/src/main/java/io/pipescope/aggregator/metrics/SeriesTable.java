package io.pipescope.aggregator.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Label values to one handle per series, for families whose writers look series up by value (the
 * self-metrics). Lookups are lock-free; a new series is admitted through the family's
 * {@link CardinalityLimit}.
 */
final class SeriesTable<H> {
  private final String[] labelNames;
  private final Supplier<H> newHandle;
  private final CardinalityLimit limit;
  private final Map<List<String>, Series<H>> series = new ConcurrentHashMap<>();
  private volatile Series<H> overflow;

  record Series<H>(Labels labels, H handle) {}

  SeriesTable(String[] labelNames, Supplier<H> newHandle, CardinalityLimit limit) {
    this.labelNames = labelNames.clone();
    this.newHandle = newHandle;
    this.limit = limit;
  }

  H get(String... labelValues) {
    if (labelValues.length != labelNames.length) {
      throw new IllegalArgumentException(
          "expected values for " + Arrays.toString(labelNames) + ", got " + Arrays.toString(labelValues));
    }
    List<String> key = List.of(labelValues);
    Series<H> found = series.get(key);
    if (found != null) {
      return found.handle();
    }
    if (!limit.tryAdmit()) {
      limit.countOverflowSample();
      return overflow().handle();
    }
    Series<H> created = new Series<>(Labels.of(labelNames, labelValues), newHandle.get());
    Series<H> raced = series.putIfAbsent(key, created);
    if (raced != null) {
      limit.release(); // another writer created this series first; its reservation is the one kept
      return raced.handle();
    }
    return created.handle();
  }

  private Series<H> overflow() {
    Series<H> o = overflow;
    if (o == null) {
      synchronized (this) {
        o = overflow;
        if (o == null) {
          o = new Series<>(CardinalityLimit.OVERFLOW_LABELS, newHandle.get());
          overflow = o;
        }
      }
    }
    return o;
  }

  void forEach(BiConsumer<Labels, H> action) {
    series.values().forEach(s -> action.accept(s.labels(), s.handle()));
    Series<H> o = overflow;
    if (o != null) {
      action.accept(o.labels(), o.handle());
    }
  }
}
