package io.pipescope.aggregator.internal.factory;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.pipescope.aggregator.FactoryConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads facts out of attributes by one map lookup per attribute: attribute name to (slot, alias
 * rank). The table is built once from the configuration, so a new alias is configuration, not code.
 */
final class FactExtractor {
  private static final int RANK_BITS = 8;

  /** Attribute name to the packed (slot, rank) entries it feeds; usually one. */
  private final Map<String, int[]> targets = new HashMap<>();
  private final int slots;

  FactExtractor(FactoryConfig config, List<String> extraLabelAttributes) {
    for (FactField f : FactField.values()) {
      List<String> names = config.attributesFor(f);
      for (int rank = 0; rank < names.size(); rank++) {
        add(names.get(rank), (f.ordinal() << RANK_BITS) | rank);
      }
    }
    int slot = FactField.values().length;
    for (String attribute : extraLabelAttributes) {
      add(attribute, slot << RANK_BITS);
      slot++;
    }
    this.slots = slot;
  }

  private void add(String attribute, int packed) {
    int[] existing = targets.get(attribute);
    if (existing == null) {
      targets.put(attribute, new int[] {packed});
    } else {
      int[] grown = java.util.Arrays.copyOf(existing, existing.length + 1);
      grown[existing.length] = packed;
      targets.put(attribute, grown);
    }
  }

  SpanFacts newFacts() {
    return new SpanFacts(slots);
  }

  void extract(List<KeyValue> attributes, SpanFacts into) {
    for (int i = 0, n = attributes.size(); i < n; i++) {
      KeyValue kv = attributes.get(i);
      int[] found = targets.get(kv.getKey());
      if (found != null) {
        for (int packed : found) {
          into.offer(packed >>> RANK_BITS, packed & ((1 << RANK_BITS) - 1), kv.getValue());
        }
      }
    }
  }
}
