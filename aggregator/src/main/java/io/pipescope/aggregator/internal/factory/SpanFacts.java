package io.pipescope.aggregator.internal.factory;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.Arrays;

/**
 * The facts found on one span (or resource), by slot: one per {@link FactField}, then one per
 * configured extra label. Holds references to the span's own attribute values, so filling it
 * allocates nothing; a thread reuses one instance for every span.
 */
final class SpanFacts {
  /** Slots of the facts a resource may carry; computed once, since values() copies its array. */
  private static final int[] RESOURCE_SLOTS = java.util.Arrays.stream(FactField.values())
      .filter(FactField::alsoOnResource).mapToInt(FactField::ordinal).toArray();

  private final AnyValue[] values;
  private final int[] rank;

  SpanFacts(int slots) {
    this.values = new AnyValue[slots];
    this.rank = new int[slots];
  }

  void clear() {
    Arrays.fill(values, null);
  }

  /** Keeps {@code value} unless a better-ranked alias (lower rank) already set this slot. */
  void offer(int slot, int aliasRank, AnyValue value) {
    if (values[slot] == null || aliasRank < rank[slot]) {
      values[slot] = value;
      rank[slot] = aliasRank;
    }
  }

  /** Fills the slots this span left empty from {@code resource}, for facts resources may carry. */
  void fillFrom(SpanFacts resource) {
    for (int slot : RESOURCE_SLOTS) {
      if (values[slot] == null) {
        values[slot] = resource.values[slot];
      }
    }
  }

  boolean has(FactField f) {
    return values[f.ordinal()] != null;
  }

  String string(FactField f) {
    return string(f.ordinal());
  }

  /** The value as label text; numbers and booleans as their usual text; null when absent. */
  String string(int slot) {
    AnyValue v = values[slot];
    if (v == null) {
      return null;
    }
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> null;
    };
  }

  /** The value as a number (ints, doubles and numeric strings), or {@code fallback}. */
  double number(FactField f, double fallback) {
    AnyValue v = values[f.ordinal()];
    if (v == null) {
      return fallback;
    }
    switch (v.getValueCase()) {
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case STRING_VALUE:
        try {
          return Double.parseDouble(v.getStringValue().trim());
        } catch (NumberFormatException e) {
          return fallback;
        }
      default:
        return fallback;
    }
  }

  /** True for a boolean true or the strings "true"/"yes"/"1". */
  boolean flag(FactField f) {
    AnyValue v = values[f.ordinal()];
    if (v == null) {
      return false;
    }
    return switch (v.getValueCase()) {
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue() != 0;
      case STRING_VALUE -> {
        String s = v.getStringValue();
        yield s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equals("1");
      }
      default -> false;
    };
  }
}
