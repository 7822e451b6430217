package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pipescope.aggregator.metrics.Labels;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes each resource's {@code target_info} gauge (value 1) for one request, as Prometheus does:
 * labelled with the resource attributes other than the identifying ones (unless kept), plus
 * {@code job}/{@code instance}; only for a resource that has other attributes and a job or
 * instance. Samples run from the resource's earliest to its latest point every half lookback
 * delta, so a join on target_info finds it throughout; a label set written twice at one time (two
 * resources alike) is written once.
 */
final class TargetInfo {
  static final String NAME = "target_info";
  private static final Set<String> IDENTIFYING = Set.of(
      ResourceLabels.SERVICE_NAMESPACE, ResourceLabels.SERVICE_NAME, ResourceLabels.SERVICE_INSTANCE_ID);

  private record Written(Labels series, long millis) {}

  private final boolean keepIdentifyingAttributes;
  private final long intervalNanos;
  private final Set<Written> written = new HashSet<>();

  TargetInfo(boolean keepIdentifyingAttributes, long intervalNanos) {
    this.keepIdentifyingAttributes = keepIdentifyingAttributes;
    this.intervalNanos = intervalNanos;
  }

  void write(Resource resource, ResourceLabels resourceLabels, long earliestNanos, long latestNanos, SampleSink sink) {
    List<KeyValue> attributes = resource.getAttributesList();
    long identifying = IDENTIFYING.stream()
        .filter(key -> attributes.stream().anyMatch(kv -> kv.getKey().equals(key)))
        .count();
    if (attributes.size() - identifying == 0) {
      return; // job and instance say it all
    }
    TreeMap<String, String> labels = PointLabels.of(
        attributes, keepIdentifyingAttributes ? Set.of() : IDENTIFYING, Map.of(), resourceLabels);
    if (labels == null || !(labels.containsKey("job") || labels.containsKey("instance"))) {
      return;
    }
    Labels series = PointLabels.series(labels, NAME);
    for (long t = earliestNanos; Long.compareUnsigned(t, latestNanos) < 0; t += intervalNanos) {
      writeOnce(series, MetricWriter.millis(t), sink);
      if (Long.compareUnsigned(t + intervalNanos, t) < 0) {
        break; // past the largest time
      }
    }
    writeOnce(series, MetricWriter.millis(latestNanos), sink);
  }

  private void writeOnce(Labels series, long millis, SampleSink sink) {
    if (written.add(new Written(series, millis))) {
      sink.append(series, millis, 1);
    }
  }
}
