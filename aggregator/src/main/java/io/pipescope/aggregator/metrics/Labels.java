package io.pipescope.aggregator.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** An immutable label set, sorted by name as Prometheus keeps it, so equal sets compare equal. */
public final class Labels {
  private static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private final int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  public static Labels empty() {
    return EMPTY;
  }

  /** Labels from alternating names and values: {@code of("job", "api", "instance", "a:1")}. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length + " strings");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      sorted.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return from(sorted);
  }

  /** Labels from parallel arrays of names and values (the arrays are copied). */
  public static Labels of(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " label names but " + values.length + " values");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      sorted.put(names[i], values[i]);
    }
    return from(sorted);
  }

  public static Labels from(Map<String, String> map) {
    // A TreeMap is reused only in natural order; one with its own comparator is re-sorted by name.
    TreeMap<String, String> sorted =
        map instanceof TreeMap<String, String> t && t.comparator() == null ? t : new TreeMap<>(map);
    String[] n = new String[sorted.size()];
    String[] v = new String[sorted.size()];
    int i = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      n[i] = e.getKey();
      v[i] = e.getValue();
      i++;
    }
    return new Labels(n, v);
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** The value of the named label, or null. */
  public String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : null;
  }

  /** A copy without the named label (this instance when it is absent). */
  public Labels without(String name) {
    if (get(name) == null) {
      return this;
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(name)) {
        sorted.put(names[i], values[i]);
      }
    }
    return from(sorted);
  }

  /** A copy with one more label (or a replaced value). */
  public Labels with(String name, String value) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      sorted.put(names[i], values[i]);
    }
    sorted.put(name, value);
    return from(sorted);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other
        && hash == other.hash
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
