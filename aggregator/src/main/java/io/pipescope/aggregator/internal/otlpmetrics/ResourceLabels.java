package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The labels a resource gives every series it sends, worked out once per resource: {@code job}
 * from {@code service.namespace}/{@code service.name} (or {@code service.name} alone),
 * {@code instance} from {@code service.instance.id}, and the configured resource attributes
 * promoted to labels (Prometheus's {@code otlp.promote_resource_attributes}).
 *
 * @param job the job label value, or "" for none
 * @param instance the instance label value, or "" for none
 * @param promoted label name to value, names already sanitised
 */
record ResourceLabels(String job, String instance, Map<String, String> promoted) {
  static final String SERVICE_NAME = "service.name";
  static final String SERVICE_NAMESPACE = "service.namespace";
  static final String SERVICE_INSTANCE_ID = "service.instance.id";

  static ResourceLabels of(Resource resource, Set<String> promote) {
    String name = null;
    String namespace = null;
    String instance = null;
    List<KeyValue> promotedAttributes = new ArrayList<>();
    for (KeyValue kv : resource.getAttributesList()) {
      // pdata's Map.Get finds the first of repeated keys.
      switch (kv.getKey()) {
        case SERVICE_NAME -> name = name != null ? name : AttributeValues.asString(kv.getValue());
        case SERVICE_NAMESPACE -> namespace = namespace != null ? namespace : AttributeValues.asString(kv.getValue());
        case SERVICE_INSTANCE_ID -> instance = instance != null ? instance : AttributeValues.asString(kv.getValue());
        default -> { }
      }
      if (promote.contains(kv.getKey())) {
        promotedAttributes.add(kv);
      }
    }
    String job = name == null ? "" : namespace == null ? name : namespace + "/" + name;
    return new ResourceLabels(job, instance == null ? "" : instance, promoted(promotedAttributes));
  }

  /** Sorted by attribute key, so of two keys that sanitise alike the first in that order wins. */
  private static Map<String, String> promoted(List<KeyValue> attributes) {
    attributes.sort(Comparator.comparing(KeyValue::getKey, GoStrings.ORDER));
    Map<String, String> labels = new TreeMap<>();
    for (KeyValue kv : attributes) {
      String name = LabelNamer.build(kv.getKey());
      String value = AttributeValues.asString(kv.getValue());
      if (name != null && !value.isEmpty()) {
        labels.putIfAbsent(name, value);
      }
    }
    return Map.copyOf(labels);
  }
}
