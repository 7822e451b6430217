package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.pipescope.aggregator.metrics.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The label set of one data point, built in Prometheus's order (createAttributes): the point's
 * attributes sorted by key and sanitised, values of keys that sanitise alike joined by {@code ;};
 * then promoted resource attributes where the point has no such label; then {@code job} and
 * {@code instance}, which win. A label set to {@code ""} is absent, as in Prometheus's
 * labels.Builder.
 */
final class PointLabels {
  static final String METRIC_NAME = "__name__";

  private PointLabels() {}

  /**
   * The base labels of a point (no {@code __name__}), or null when an attribute key sanitises to
   * an invalid label name (Prometheus refuses such points).
   */
  static TreeMap<String, String> of(List<KeyValue> attributes, ResourceLabels resource) {
    return of(attributes, Set.of(), resource.promoted(), resource);
  }

  /** Labels from attributes without the keys in {@code ignored}, with the given promoted labels. */
  static TreeMap<String, String> of(
      List<KeyValue> attributes, Set<String> ignored, Map<String, String> promoted, ResourceLabels resource) {
    List<KeyValue> sorted = new ArrayList<>(attributes.size());
    for (KeyValue kv : attributes) {
      if (!ignored.contains(kv.getKey())) {
        sorted.add(kv);
      }
    }
    // Stable, so repeated keys keep their order when their values are joined.
    sorted.sort(Comparator.comparing(KeyValue::getKey, GoStrings.ORDER));
    TreeMap<String, String> labels = new TreeMap<>();
    for (KeyValue kv : sorted) {
      String name = LabelNamer.build(kv.getKey());
      if (name == null) {
        return null;
      }
      String value = AttributeValues.asString(kv.getValue());
      String existing = labels.get(name);
      set(labels, name, existing != null ? existing + ";" + value : value);
    }
    promoted.forEach(labels::putIfAbsent);
    set(labels, "job", resource.job());
    set(labels, "instance", resource.instance());
    return labels;
  }

  /** One series of the point: its base labels with a name and, if given, one more label. */
  static Labels series(TreeMap<String, String> base, String metricName, String extraName, String extraValue) {
    TreeMap<String, String> labels = new TreeMap<>(base);
    if (extraName != null) {
      set(labels, extraName, extraValue);
    }
    labels.put(METRIC_NAME, metricName);
    return Labels.from(labels);
  }

  static Labels series(TreeMap<String, String> base, String metricName) {
    return series(base, metricName, null, null);
  }

  private static void set(TreeMap<String, String> labels, String name, String value) {
    if (value.isEmpty()) {
      labels.remove(name);
    } else {
      labels.put(name, value);
    }
  }
}
