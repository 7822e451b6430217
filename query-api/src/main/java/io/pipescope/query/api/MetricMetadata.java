package io.pipescope.query.api;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/metadata}: HELP and TYPE of the families pipescope itself exposes (its factory
 * metrics and self-monitoring), read from the same sources {@code /metrics} writes. Families of
 * other origin in the store have no metadata. Counters are keyed by their {@code _total} name,
 * the name their series carry, as the text format's {@code # TYPE} line declares them.
 */
final class MetricMetadata {
  private final List<MetricSource> sources;

  MetricMetadata(List<MetricSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** GET /api/v1/metadata: metric, limit (families), limit_per_metric. */
  ApiResponse metadata(ApiRequest request) {
    int limit = intParam(request, "limit");
    intParam(request, "limit_per_metric"); // each family has one entry: checked, nothing to cut
    String metric = request.value("metric");
    Map<String, String[]> families = collect();
    StringBuilder sb = new StringBuilder("{");
    int n = 0;
    for (Map.Entry<String, String[]> e : families.entrySet()) {
      if (!metric.isEmpty() && !metric.equals(e.getKey())) {
        continue;
      }
      if (limit >= 0 && n == limit) {
        break;
      }
      sb.append(n++ > 0 ? "," : "");
      Json.quote(sb, e.getKey());
      sb.append(":[{\"type\":").append(Json.quote(e.getValue()[0])).append(",\"help\":")
          .append(Json.quote(e.getValue()[1])).append(",\"unit\":\"\"}]");
    }
    return ApiResponse.success(sb.append('}').toString());
  }

  /** Prometheus reads these with strconv.Atoi and treats negatives as no limit. */
  private static int intParam(ApiRequest request, String name) {
    String s = request.value(name);
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.badData(name + " must be a number");
    }
  }

  /** Family name to {type, help}; only the family lines are kept, samples are passed over. */
  private Map<String, String[]> collect() {
    Map<String, String[]> families = new TreeMap<>();
    MetricCollector collector = new MetricCollector() {
      @Override
      public void family(String name, MetricType type, String help) {
        String key = type == MetricType.COUNTER ? name + "_total" : name;
        families.putIfAbsent(key, new String[] {type.expositionName(), help});
      }

      @Override
      public void sample(Labels labels, double value) {}

      @Override
      public void histogram(Labels labels, HistogramSnapshot histogram) {}
    };
    for (MetricSource source : sources) {
      source.collect(collector);
    }
    return families;
  }
}
