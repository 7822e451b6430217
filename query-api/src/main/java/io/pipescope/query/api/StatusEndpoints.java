package io.pipescope.query.api;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.query.promql.parser.Durations;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/status/*}: build, runtime, flags, configuration and the store's cardinality. */
final class StatusEndpoints {
  private final Queryable queryable;
  private final QueryLimits limits;
  private final BuildInfo buildInfo;
  private final Instant started;
  private volatile String hostname;

  StatusEndpoints(Queryable queryable, QueryLimits limits, BuildInfo buildInfo, Instant started) {
    this.queryable = queryable;
    this.limits = limits;
    this.buildInfo = buildInfo;
    this.started = started;
  }

  ApiResponse buildInfo(ApiRequest request) {
    return ApiResponse.success(buildInfo.json());
  }

  /** Prometheus's RuntimeInfo; the Go runtime's fields hold the JVM's nearest equivalents. */
  ApiResponse runtimeInfo(ApiRequest request) {
    Runtime rt = Runtime.getRuntime();
    return ApiResponse.success("{\"startTime\":" + Json.quote(goTime(started))
        + ",\"CWD\":" + Json.quote(Path.of("").toAbsolutePath().toString())
        + ",\"hostname\":" + Json.quote(hostname())
        + ",\"serverTime\":" + Json.quote(goTime(Instant.now()))
        + ",\"reloadConfigSuccess\":true,\"lastConfigTime\":" + Json.quote(goTime(started))
        + ",\"corruptionCount\":0,\"goroutineCount\":" + ManagementFactory.getThreadMXBean().getThreadCount()
        + ",\"GOMAXPROCS\":" + rt.availableProcessors() + ",\"GOMEMLIMIT\":" + rt.maxMemory()
        + ",\"GOGC\":\"\",\"GODEBUG\":\"\",\"storageRetention\":\"\"}");
  }

  /** The query flags Prometheus would show, with pipescope's values. */
  ApiResponse flags(ApiRequest request) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("query.lookback-delta", Durations.format(limits.lookback()));
    flags.put("query.max-concurrency", Integer.toString(limits.maxConcurrentQueries()));
    flags.put("query.max-samples", Long.toString(limits.maxSamples()));
    flags.put("query.timeout", Durations.format(limits.timeout()));
    return ApiResponse.success(Json.stringMap(flags));
  }

  /** pipescope scrapes nothing and has no Prometheus configuration; the query limits stand in. */
  ApiResponse config(ApiRequest request) {
    String yaml = "global:\n  query_timeout: " + Durations.format(limits.timeout())
        + "\n  query_max_concurrency: " + limits.maxConcurrentQueries()
        + "\n  query_max_samples: " + limits.maxSamples()
        + "\n  query_lookback_delta: " + Durations.format(limits.lookback()) + "\n";
    return ApiResponse.success("{\"yaml\":" + Json.quote(yaml) + "}");
  }

  /**
   * Cardinality as Prometheus's TSDB status shows it, counted over every series the querier holds
   * (blocks as well as head). chunkCount is 0: the querier seam does not expose chunks; minTime and
   * maxTime are the store's when the queryable is a {@link TimeSeriesStore}, else 0.
   */
  ApiResponse tsdb(ApiRequest request) {
    int limit = 10;
    String s = request.value("limit");
    if (!s.isEmpty()) {
      try {
        limit = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1) {
        throw ApiException.badData("limit must be a positive number");
      }
    }
    Map<String, Long> seriesByMetric = new HashMap<>();
    Map<String, Long> seriesByPair = new HashMap<>();
    Map<String, Set<String>> valuesByName = new HashMap<>();
    long series = 0;
    try (Querier q = queryable.querier(Params.MIN_TIME, Params.MAX_TIME)) {
      SeriesSet set = q.select(false, LabelMatcher.of(LabelMatcher.Type.REGEX, "__name__", ".+"));
      while (set.next()) {
        Labels labels = set.at().labels();
        series++;
        seriesByMetric.merge(labels.get("__name__"), 1L, Long::sum);
        for (int i = 0; i < labels.size(); i++) {
          seriesByPair.merge(labels.name(i) + "=" + labels.value(i), 1L, Long::sum);
          valuesByName.computeIfAbsent(labels.name(i), k -> new HashSet<>()).add(labels.value(i));
        }
      }
    }
    Map<String, Long> valueCounts = new HashMap<>();
    Map<String, Long> valueBytes = new HashMap<>();
    valuesByName.forEach((name, values) -> {
      valueCounts.put(name, (long) values.size());
      valueBytes.put(name, values.stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).sum());
    });
    long[] range = queryable instanceof TimeSeriesStore store ? store.timeRange() : null;
    String head = "{\"numSeries\":" + series + ",\"numLabelPairs\":" + seriesByPair.size() + ",\"chunkCount\":0"
        + ",\"minTime\":" + (range == null ? 0 : range[0]) + ",\"maxTime\":" + (range == null ? 0 : range[1]) + "}";
    return ApiResponse.success("{\"headStats\":" + head
        + ",\"seriesCountByMetricName\":" + top(seriesByMetric, limit)
        + ",\"labelValueCountByLabelName\":" + top(valueCounts, limit)
        + ",\"memoryInBytesByLabelName\":" + top(valueBytes, limit)
        + ",\"seriesCountByLabelValuePair\":" + top(seriesByPair, limit) + "}");
  }

  /** {@code [{"name":..,"value":..}]}, largest first, ties by name. */
  private static String top(Map<String, Long> counts, int limit) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      sb.append(i > 0 ? "," : "").append("{\"name\":");
      Json.quote(sb, entries.get(i).getKey());
      sb.append(",\"value\":").append(entries.get(i).getValue()).append('}');
    }
    return sb.append(']').toString();
  }

  /** A time as Go's JSON writes it: RFC 3339 in UTC, fraction without trailing zeros. */
  static String goTime(Instant t) {
    String s = Instant.ofEpochSecond(t.getEpochSecond()).toString(); // 2026-11-25T17:52:46Z
    if (t.getNano() == 0) {
      return s;
    }
    String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return s.substring(0, s.length() - 1) + "." + fraction + "Z";
  }

  /** Looked up once, on first use: the lookup may wait on DNS. */
  private String hostname() {
    String h = hostname;
    if (h == null) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        h = "";
      }
      hostname = h;
    }
    return h;
  }
}
