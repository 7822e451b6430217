package io.pipescope.aggregator.metrics;

import java.util.Arrays;

/**
 * Label values in a family's label-name order, as a map key. A thread reuses one mutable key as a
 * lookup probe ({@link #set} then {@link #seal}), so finding a known series allocates nothing;
 * the map stores an immutable {@link #copy()}.
 */
public final class LabelKey {
  private final String[] values;
  private int hash;

  public LabelKey(int size) {
    this.values = new String[size];
  }

  private LabelKey(String[] values) {
    this.values = values;
    seal();
  }

  public static LabelKey of(String... values) {
    return new LabelKey(values.clone());
  }

  /** Sets the value at {@code i}; null means the label is absent (as an empty value). */
  public LabelKey set(int i, String value) {
    values[i] = value == null ? "" : value;
    return this;
  }

  /** Recomputes the hash after {@link #set} calls; returns this probe. */
  public LabelKey seal() {
    hash = Arrays.hashCode(values);
    return this;
  }

  public int size() {
    return values.length;
  }

  public String get(int i) {
    return values[i];
  }

  public LabelKey copy() {
    return new LabelKey(values.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelKey other && hash == other.hash && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
