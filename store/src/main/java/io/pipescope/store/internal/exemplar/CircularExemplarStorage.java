package io.pipescope.store.internal.exemplar;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.ExemplarQueryable;
import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of exemplars shared by all series, oldest overwritten first (Prometheus's
 * CircularExemplarStorage): each series' exemplars form a chain through the ring, so a series'
 * exemplars are read without scanning the others. Per series an exemplar must be newer than the
 * last one; the same exemplar sent again (every flush sends a bucket's latest) is ignored.
 */
public final class CircularExemplarStorage implements ExemplarQueryable {
  private static final int NONE = -1;

  private static final class Entry {
    SeriesChain series;
    Labels labels;
    double value;
    long timestampMillis;
    int next = NONE;
  }

  private static final class SeriesChain {
    final Labels labels;
    int oldest;
    int newest;

    SeriesChain(Labels labels, int slot) {
      this.labels = labels;
      this.oldest = slot;
      this.newest = slot;
    }
  }

  private final Entry[] ring;
  private final Map<Labels, SeriesChain> index = new HashMap<>();
  private int nextSlot;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();

  public CircularExemplarStorage(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("exemplar capacity must be at least 1, got " + capacity);
    }
    this.ring = new Entry[capacity];
  }

  /**
   * Adds an exemplar of {@code series}; returns false when it is the series' newest already
   * (ignored) or older than it (refused and counted, as Prometheus's out-of-order exemplars).
   */
  public synchronized boolean add(Labels series, Labels labels, double value, long timestampMillis) {
    SeriesChain chain = index.get(series);
    if (chain != null) {
      Entry newest = ring[chain.newest];
      if (newest.timestampMillis == timestampMillis && newest.labels.equals(labels)
          && Double.compare(newest.value, value) == 0) {
        return false;
      }
      if (timestampMillis < newest.timestampMillis) {
        outOfOrder.incrementAndGet();
        return false;
      }
    }
    int slot = nextSlot;
    nextSlot = (nextSlot + 1) % ring.length;
    Entry e = ring[slot];
    if (e == null) {
      e = new Entry();
      ring[slot] = e;
    } else {
      evict(e, slot);
    }
    e.labels = labels;
    e.value = value;
    e.timestampMillis = timestampMillis;
    e.next = NONE;
    chain = index.get(series);
    if (chain == null) {
      chain = new SeriesChain(series, slot);
      index.put(series, chain);
    } else {
      ring[chain.newest].next = slot;
      chain.newest = slot;
    }
    e.series = chain;
    appended.incrementAndGet();
    return true;
  }

  /** The slot being overwritten holds the oldest exemplar overall, so also its series' oldest. */
  private void evict(Entry e, int slot) {
    SeriesChain chain = e.series;
    if (chain == null) {
      return;
    }
    if (chain.newest == slot) {
      index.remove(chain.labels);
    } else {
      chain.oldest = e.next;
    }
    e.series = null;
  }

  @Override
  public synchronized List<SeriesExemplars> exemplars(long minTimeMillis, long maxTimeMillis,
      List<List<LabelMatcher>> matcherSets) {
    List<SeriesExemplars> out = new ArrayList<>();
    for (SeriesChain chain : index.values()) {
      if (!matchesAny(chain.labels, matcherSets)) {
        continue;
      }
      List<StoredExemplar> found = new ArrayList<>();
      for (int i = chain.oldest; i != NONE; i = ring[i].next) {
        Entry e = ring[i];
        if (e.timestampMillis >= minTimeMillis && e.timestampMillis <= maxTimeMillis) {
          found.add(new StoredExemplar(e.labels, e.value, e.timestampMillis));
        }
      }
      if (!found.isEmpty()) {
        out.add(new SeriesExemplars(chain.labels, found));
      }
    }
    return out;
  }

  private static boolean matchesAny(Labels labels, List<List<LabelMatcher>> sets) {
    for (List<LabelMatcher> set : sets) {
      boolean all = true;
      for (LabelMatcher m : set) {
        if (!m.matches(labels.get(m.name()))) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  public synchronized int size() {
    int n = 0;
    for (SeriesChain c : index.values()) {
      for (int i = c.oldest; i != NONE; i = ring[i].next) {
        n++;
      }
    }
    return n;
  }

  public int capacity() {
    return ring.length;
  }

  public long appended() {
    return appended.get();
  }

  public long outOfOrder() {
    return outOfOrder.get();
  }
}
