package io.pipescope.aggregator.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Label values to one handle per series. Lookups are lock-free and allocation-free with a reused
 * {@link LabelKey} probe. New series are created under a lock (once per series) and published
 * before they are counted, so the {@link CardinalityLimit} counts series rather than racing
 * creators; past the cap, samples go to the overflow series without a lock. Empty label values
 * are left out of the exported labels, as Prometheus treats an empty label as an absent one.
 */
final class SeriesTable<H> {
  private final String[] labelNames;
  private final Supplier<H> newHandle;
  private final CardinalityLimit limit;
  private final Map<LabelKey, Series<H>> series = new ConcurrentHashMap<>();
  private volatile Series<H> overflow;

  record Series<H>(Labels labels, H handle) {}

  SeriesTable(String[] labelNames, Supplier<H> newHandle, CardinalityLimit limit) {
    this.labelNames = labelNames.clone();
    this.newHandle = newHandle;
    this.limit = limit;
  }

  H get(String... labelValues) {
    checkArity(labelValues.length);
    return get(LabelKey.of(labelValues));
  }

  H get(LabelKey key) {
    Series<H> found = series.get(key);
    if (found != null) {
      return found.handle();
    }
    checkArity(key.size());
    return create(key);
  }

  private H create(LabelKey key) {
    if (limit.series() < limit.maxSeries()) {
      synchronized (this) {
        Series<H> raced = series.get(key);
        if (raced != null) {
          return raced.handle();
        }
        if (limit.series() < limit.maxSeries()) {
          LabelKey stored = key.copy();
          Series<H> created = new Series<>(labelsOf(stored), newHandle.get());
          series.put(stored, created);
          limit.tryAdmit(); // counted only once published; cannot fail while the limit is this table's alone
          return created.handle();
        }
      }
    }
    Series<H> raced = series.get(key);
    if (raced != null) {
      return raced.handle();
    }
    limit.countOverflowSample();
    return overflow().handle();
  }

  private Labels labelsOf(LabelKey key) {
    TreeMap<String, String> present = new TreeMap<>();
    for (int i = 0; i < labelNames.length; i++) {
      if (!key.get(i).isEmpty()) {
        present.put(labelNames[i], key.get(i));
      }
    }
    return Labels.from(present);
  }

  /** The handle for a stored series' labels (absent labels as empty values), created if need be. */
  H get(Labels labels) {
    LabelKey key = new LabelKey(labelNames.length);
    for (int i = 0; i < labelNames.length; i++) {
      key.set(i, labels.get(labelNames[i]));
    }
    return get(key.seal());
  }

  /** Whether these labels are exactly a series of this table: only its label names (and {@code le} if asked). */
  boolean fits(Labels labels, String allowedExtra) {
    int known = 0;
    for (String name : labelNames) {
      if (labels.get(name) != null) {
        known++;
      }
    }
    int extra = allowedExtra != null && labels.get(allowedExtra) != null ? 1 : 0;
    return known + extra == labels.size();
  }

  private void checkArity(int n) {
    if (n != labelNames.length) {
      throw new IllegalArgumentException(
          "expected " + labelNames.length + " values for labels " + String.join(",", labelNames) + ", got " + n);
    }
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
