package io.pipescope.query.api;

import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.query.rules.RulesApiJson;
import io.pipescope.query.rules.RulesSnapshot;
import io.pipescope.store.Queryable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Prometheus HTTP API under {@code /api/v1}, as Prometheus 3 answers it, so that Grafana and
 * other clients can use pipescope as a Prometheus data source. A table of paths: a new endpoint is
 * one entry. Requests run off the network threads, on workers of their own; every refusal becomes
 * one error response in the Prometheus envelope.
 */
public final class PrometheusApi implements AutoCloseable {
  private static final Set<String> READ = Set.of("GET", "HEAD");
  private static final Set<String> READ_OR_FORM = Set.of("GET", "HEAD", "POST");
  private static final String LABEL_VALUES = "/api/v1/label/:name/values";

  /**
   * One endpoint: the methods it answers and what it answers with.
   *
   * @param timed a query endpoint: answered with a timeout error once the query timeout has passed,
   *     even while the evaluation, which only checks its deadline when it reads samples, goes on
   */
  private record Endpoint(Set<String> methods, Function<ApiRequest, ApiResponse> handler, boolean timed) {
    Endpoint(Set<String> methods, Function<ApiRequest, ApiResponse> handler) {
      this(methods, handler, false);
    }
  }

  private final Map<String, Endpoint> endpoints;

  private final ExecutorService workers;
  private final long timeoutNanos;

  /**
   * @param sources the metric families pipescope exposes, for {@code /api/v1/metadata}
   */
  public PrometheusApi(Queryable queryable, List<MetricSource> sources, QueryLimits limits, BuildInfo buildInfo) {
    this(queryable, sources, limits, buildInfo, System::currentTimeMillis, null);
  }

  /** With {@code rules} (may be null: no rules) behind /api/v1/rules and /api/v1/alerts. */
  public PrometheusApi(Queryable queryable, List<MetricSource> sources, QueryLimits limits, BuildInfo buildInfo,
      Supplier<RulesSnapshot> rules) {
    this(queryable, sources, limits, buildInfo, System::currentTimeMillis, rules);
  }

  PrometheusApi(Queryable queryable, List<MetricSource> sources, QueryLimits limits, BuildInfo buildInfo,
      LongSupplier nowMillis) {
    this(queryable, sources, limits, buildInfo, nowMillis, null);
  }

  PrometheusApi(Queryable queryable, List<MetricSource> sources, QueryLimits limits, BuildInfo buildInfo,
      LongSupplier nowMillis, Supplier<RulesSnapshot> rules) {
    Supplier<RulesSnapshot> snapshots = rules != null ? rules : RulesSnapshot::empty;
    QueryEndpoints query = new QueryEndpoints(queryable, limits, nowMillis);
    SeriesEndpoints series = new SeriesEndpoints(queryable);
    MetricMetadata metadata = new MetricMetadata(sources);
    StatusEndpoints status = new StatusEndpoints(queryable, limits, buildInfo, Instant.now());
    this.endpoints = Map.ofEntries(
        Map.entry("/api/v1/query", new Endpoint(READ_OR_FORM, query::instant, true)),
        Map.entry("/api/v1/query_range", new Endpoint(READ_OR_FORM, query::range, true)),
        Map.entry("/api/v1/query_exemplars", new Endpoint(READ_OR_FORM, query::exemplars)),
        Map.entry("/api/v1/format_query", new Endpoint(READ_OR_FORM, query::format)),
        Map.entry("/api/v1/parse_query", new Endpoint(READ_OR_FORM, query::parseTree)),
        Map.entry("/api/v1/series", new Endpoint(READ_OR_FORM, series::series)),
        Map.entry("/api/v1/labels", new Endpoint(READ_OR_FORM, series::labelNames)),
        Map.entry(LABEL_VALUES, new Endpoint(READ, series::labelValues)),
        Map.entry("/api/v1/metadata", new Endpoint(READ, metadata::metadata)),
        Map.entry("/api/v1/status/buildinfo", new Endpoint(READ, status::buildInfo)),
        Map.entry("/api/v1/status/runtimeinfo", new Endpoint(READ, status::runtimeInfo)),
        Map.entry("/api/v1/status/flags", new Endpoint(READ, status::flags)),
        Map.entry("/api/v1/status/config", new Endpoint(READ, status::config)),
        Map.entry("/api/v1/status/tsdb", new Endpoint(READ, status::tsdb)),
        Map.entry("/api/v1/rules", new Endpoint(READ, r -> ApiResponse.success(
            RulesApiJson.rulesData(snapshots.get(), rulesFilter(r))))),
        Map.entry("/api/v1/alerts", new Endpoint(READ, r -> ApiResponse.success(
            RulesApiJson.alertsData(snapshots.get())))));
    this.timeoutNanos = limits.timeout().toNanos();
    // Queries past the concurrency limit wait for a slot on these threads; beyond them, 503 at once.
    int threads = Math.max(64, limits.maxConcurrentQueries() * 4);
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "pipescope-api-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether the API answers under this path (everything under {@code /api/v1/}). */
  public static boolean serves(String rawPath) {
    return rawPath.startsWith("/api/v1/");
  }

  /** The answer to {@code request}, computed on a worker thread. */
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    Endpoint endpoint = endpoints.get(SeriesEndpoints.isLabelValuesPath(request.rawPath())
        ? LABEL_VALUES : request.rawPath());
    if (endpoint == null) {
      return CompletableFuture.completedFuture(
          ApiResponse.error(ErrorType.NOT_FOUND, "unknown API endpoint " + request.rawPath()));
    }
    if (!endpoint.methods().contains(request.method())) {
      return CompletableFuture.completedFuture(ApiResponse.text(405, "Method Not Allowed\n"));
    }
    try {
      CompletableFuture<ApiResponse> answer = CompletableFuture.supplyAsync(() -> answer(endpoint, request), workers);
      if (endpoint.timed()) {
        long left = request.receivedNanos() + timeoutNanos - System.nanoTime();
        answer = answer.completeOnTimeout(ApiResponse.error(ErrorType.TIMEOUT, "query timed out in query execution"),
            Math.max(0, left), TimeUnit.NANOSECONDS);
      }
      return answer;
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          ApiResponse.error(ErrorType.UNAVAILABLE, "too many requests in progress, try again later"));
    }
  }

  private static ApiResponse answer(Endpoint endpoint, ApiRequest request) {
    try {
      return endpoint.handler().apply(request);
    } catch (ApiException e) {
      return ApiResponse.error(e.type(), e.getMessage());
    } catch (QueryBudget.Exhausted e) {
      return ApiResponse.error(e.type, e.getMessage());
    } catch (RuntimeException e) {
      return ApiResponse.error(ErrorType.INTERNAL, "unexpected error: " + e);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** The filters of /api/v1/rules: type, rule_name[], group_name[], file[], exclude_alerts. */
  private static RulesApiJson.Filter rulesFilter(ApiRequest r) {
    String type = r.value("type");
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.invalidParam("type", "not supported value " + Json.quote(type));
    }
    return new RulesApiJson.Filter(type.isEmpty() ? null : type, Set.copyOf(r.values("rule_name[]")),
        Set.copyOf(r.values("group_name[]")), Set.copyOf(r.values("file[]")), r.value("exclude_alerts").equals("true"));
  }
}
