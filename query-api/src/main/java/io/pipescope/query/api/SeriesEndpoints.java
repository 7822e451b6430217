package io.pipescope.query.api;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import io.pipescope.store.SeriesSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /api/v1/series}, {@code /labels} and {@code /label/<name>/values}: what the store holds
 * between {@code start} and {@code end} (all time when absent), narrowed by {@code match[]}, cut to
 * {@code limit} with Prometheus's warning.
 */
final class SeriesEndpoints {
  static final String LABEL_VALUES_PREFIX = "/api/v1/label/";
  static final String LABEL_VALUES_SUFFIX = "/values";
  private static final String TRUNCATED = "results truncated due to limit";

  private final Queryable queryable;

  SeriesEndpoints(Queryable queryable) {
    this.queryable = queryable;
  }

  /** GET/POST /api/v1/series: match[] (required), start, end, limit. */
  ApiResponse series(ApiRequest request) {
    List<String> selectors = request.values("match[]");
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    int limit = Params.limit(request);
    long start = Params.time(request, "start", Params.MIN_TIME);
    long end = Params.time(request, "end", Params.MAX_TIME);
    List<LabelMatcher[]> sets;
    try {
      sets = Params.matcherSets(selectors);
    } catch (ApiException e) {
      throw ApiException.invalidParam("match[]", e.getMessage());
    }
    TreeSet<Labels> found = new TreeSet<>(LabelsOrder.INSTANCE);
    try (Querier q = queryable.querier(start, end)) {
      for (LabelMatcher[] matchers : sets) {
        SeriesSet set = q.select(true, matchers);
        while (set.next()) {
          found.add(set.at().labels());
        }
        if (set.error() != null) {
          throw new ApiException(ErrorType.INTERNAL, set.error().getMessage());
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    StringBuilder sb = new StringBuilder("[");
    int n = 0;
    for (Labels labels : found) {
      if (limit > 0 && n == limit) {
        warnings.add(TRUNCATED);
        break;
      }
      sb.append(n++ > 0 ? "," : "");
      labelsObject(sb, labels);
    }
    return ApiResponse.success(sb.append(']').toString(), warnings, List.of());
  }

  /** GET/POST /api/v1/labels: match[], start, end, limit. */
  ApiResponse labelNames(ApiRequest request) {
    int limit = Params.limit(request);
    long start = Params.time(request, "start", Params.MIN_TIME);
    long end = Params.time(request, "end", Params.MAX_TIME);
    List<LabelMatcher[]> sets = Params.matcherSets(request.values("match[]"));
    TreeSet<String> names = new TreeSet<>();
    try (Querier q = queryable.querier(start, end)) {
      if (sets.isEmpty()) {
        names.addAll(q.labelNames());
      }
      for (LabelMatcher[] matchers : sets) {
        names.addAll(q.labelNames(matchers));
      }
    }
    return limited(names, limit);
  }

  /** GET /api/v1/label/{name}/values: match[], start, end, limit; {@code __name__} gives metric names. */
  ApiResponse labelValues(ApiRequest request) {
    String path = request.rawPath();
    String name = io.netty.handler.codec.http.QueryStringDecoder.decodeComponent(
        path.substring(LABEL_VALUES_PREFIX.length(), path.length() - LABEL_VALUES_SUFFIX.length()));
    if (name.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
      throw ApiException.badData("invalid label name: " + Json.quote(name));
    }
    int limit = Params.limit(request);
    long start = Params.time(request, "start", Params.MIN_TIME);
    long end = Params.time(request, "end", Params.MAX_TIME);
    List<LabelMatcher[]> sets = Params.matcherSets(request.values("match[]"));
    TreeSet<String> values = new TreeSet<>();
    try (Querier q = queryable.querier(start, end)) {
      if (sets.isEmpty()) {
        values.addAll(q.labelValues(name));
      }
      for (LabelMatcher[] matchers : sets) {
        values.addAll(q.labelValues(name, matchers));
      }
    }
    return limited(values, limit);
  }

  /** Whether {@code rawPath} is {@code /api/v1/label/<name>/values}. */
  static boolean isLabelValuesPath(String rawPath) {
    return rawPath.startsWith(LABEL_VALUES_PREFIX) && rawPath.endsWith(LABEL_VALUES_SUFFIX)
        && rawPath.length() >= LABEL_VALUES_PREFIX.length() + LABEL_VALUES_SUFFIX.length()
        && rawPath.indexOf('/', LABEL_VALUES_PREFIX.length()) == rawPath.length() - LABEL_VALUES_SUFFIX.length();
  }

  private static ApiResponse limited(TreeSet<String> sorted, int limit) {
    if (limit > 0 && sorted.size() > limit) {
      return ApiResponse.success(Json.strings(sorted.stream().limit(limit).toList()), List.of(TRUNCATED), List.of());
    }
    return ApiResponse.success(Json.strings(sorted));
  }

  static void labelsObject(StringBuilder sb, Labels labels) {
    sb.append('{');
    for (int i = 0; i < labels.size(); i++) {
      sb.append(i > 0 ? "," : "");
      Json.quote(sb, labels.name(i));
      sb.append(':');
      Json.quote(sb, labels.value(i));
    }
    sb.append('}');
  }
}
