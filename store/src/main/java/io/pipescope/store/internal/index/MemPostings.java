package io.pipescope.store.internal.index;

import io.pipescope.aggregator.metrics.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The head block's inverted index (Prometheus's {@code MemPostings}): label name to value to the
 * sorted references of the series carrying that pair, plus the list of every series. Lookups hand
 * out snapshots (see {@link RefList}), so a reader iterates without the lock while series are added
 * or deleted; a series is added under one write lock, so a reader sees all of its labels or none.
 */
public final class MemPostings implements PostingsReader {
  /**
   * Prometheus's key for the list of every series ({@code index.AllPostingsKey()}): it cannot clash
   * with a real label pair, because empty values are never indexed.
   */
  public static final String ALL_POSTINGS_NAME = "";

  public static final String ALL_POSTINGS_VALUE = "";

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Map<String, RefList>> byName = new HashMap<>();
  private final RefList all = new RefList();

  /**
   * Indexes the series {@code ref}. A label with an empty value is skipped: Prometheus treats it as
   * absent, and the matchers read an absent label as the empty string.
   */
  public void add(long ref, Labels labels) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < labels.size(); i++) {
        String value = labels.value(i);
        if (!value.isEmpty()) {
          byName.computeIfAbsent(labels.name(i), n -> new HashMap<>())
              .computeIfAbsent(value, v -> new RefList())
              .add(ref);
        }
      }
      all.add(ref);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes the series {@code refs} from every list, dropping values and names left without
   * series. The lock is taken per label name, not for the whole pass, so appends and queries
   * interleave with a large deletion; a series being deleted may still show up meanwhile.
   */
  public void delete(Set<Long> refs) {
    for (String name : labelNames()) {
      lock.writeLock().lock();
      try {
        Map<String, RefList> values = byName.get(name);
        if (values != null) {
          Iterator<RefList> lists = values.values().iterator();
          while (lists.hasNext()) {
            RefList list = lists.next();
            if (list.removeAll(refs) && list.isEmpty()) {
              lists.remove();
            }
          }
          if (values.isEmpty()) {
            byName.remove(name);
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
    }
    lock.writeLock().lock();
    try {
      all.removeAll(refs);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The label names of the indexed series, sorted. */
  public List<String> labelNames() {
    List<String> names;
    lock.readLock().lock();
    try {
      names = new ArrayList<>(byName.keySet());
    } finally {
      lock.readLock().unlock();
    }
    names.sort(null);
    return names;
  }

  /** The values of label {@code name} across the indexed series, sorted. */
  public List<String> labelValues(String name) {
    List<String> values = unsortedLabelValues(name);
    values.sort(null);
    return values;
  }

  private List<String> unsortedLabelValues(String name) {
    lock.readLock().lock();
    try {
      Map<String, RefList> values = byName.get(name);
      return values == null ? new ArrayList<>() : new ArrayList<>(values.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Postings allPostings() {
    lock.readLock().lock();
    try {
      return all.snapshot();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Series carrying the pair, or every series for ({@link #ALL_POSTINGS_NAME}, {@link #ALL_POSTINGS_VALUE}). */
  @Override
  public Postings postings(String name, String value) {
    if (name.equals(ALL_POSTINGS_NAME) && value.equals(ALL_POSTINGS_VALUE)) {
      return allPostings();
    }
    lock.readLock().lock();
    try {
      Map<String, RefList> values = byName.get(name);
      RefList list = values == null ? null : values.get(value);
      return list == null ? Postings.empty() : list.snapshot();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Postings postingsForLabelMatching(String name, Predicate<String> predicate) {
    // The predicate may be a slow regular expression: run it without holding the lock.
    List<String> matching = unsortedLabelValues(name);
    matching.removeIf(predicate.negate());
    if (matching.isEmpty()) {
      return Postings.empty();
    }
    List<Postings> each = new ArrayList<>(matching.size());
    lock.readLock().lock();
    try {
      Map<String, RefList> values = byName.getOrDefault(name, Map.of());
      for (String value : matching) {
        RefList list = values.get(value);
        if (list != null) {
          each.add(list.snapshot());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return Postings.merge(each);
  }

  @Override
  public Postings postingsForAllLabelValues(String name) {
    List<Postings> each;
    lock.readLock().lock();
    try {
      Map<String, RefList> values = byName.getOrDefault(name, Map.of());
      each = new ArrayList<>(values.size());
      for (RefList list : values.values()) {
        each.add(list.snapshot());
      }
    } finally {
      lock.readLock().unlock();
    }
    return Postings.merge(each);
  }
}
