package io.pipescope.query.api;

import io.pipescope.aggregator.metrics.FloatFormat;
import io.pipescope.query.internal.JsonStrings;
import io.pipescope.query.promql.engine.Matrix;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.PromqlException;
import io.pipescope.query.promql.engine.Value;
import io.pipescope.query.promql.engine.ValueFormat;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.query.promql.parser.Selectors;
import io.pipescope.query.promql.parser.ValueType;
import io.pipescope.store.ExemplarQueryable;
import io.pipescope.store.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code /api/v1/query}, {@code /query_range}, {@code /query_exemplars}, {@code /format_query} and
 * {@code /parse_query}: parameters read and checked as Prometheus's handlers do, then the query run
 * under {@link QueryLimits}: a slot among the concurrent queries, a deadline, a sample budget.
 */
final class QueryEndpoints {
  private static final long SUBQUERY_DEFAULT_STEP_MILLIS = 60_000; // Prometheus's default evaluation_interval
  private static final String TRUNCATED = "results truncated due to limit";

  private final Queryable queryable;
  private final QueryLimits limits;
  private final LongSupplier nowMillis;
  private final Semaphore slots;

  QueryEndpoints(Queryable queryable, QueryLimits limits, LongSupplier nowMillis) {
    this.queryable = queryable;
    this.limits = limits;
    this.nowMillis = nowMillis;
    this.slots = new Semaphore(limits.maxConcurrentQueries(), true);
  }

  /** GET/POST /api/v1/query: query, time (default now), timeout, limit, lookback_delta, stats. */
  ApiResponse instant(ApiRequest request) {
    int limit = Params.limit(request);
    long time = Params.time(request, "time", nowMillis.getAsLong());
    long deadline = deadline(request);
    PromqlEngine engine = engine(request);
    String query = request.value("query");
    parse(query); // The engine parses again; parsing here answers a bad query without waiting for a slot.
    return run(request, deadline, limit, budget -> engine.instantQuery(budget.guard(queryable), query, time));
  }

  /** GET/POST /api/v1/query_range: query, start, end, step, timeout, limit, lookback_delta, stats. */
  ApiResponse range(ApiRequest request) {
    int limit = Params.limit(request);
    long start = Params.requiredTime(request, "start");
    long end = Params.requiredTime(request, "end");
    if (end < start) {
      throw ApiException.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNanos = Params.duration(request, "step");
    long stepMillis = stepNanos / 1_000_000;
    if (stepMillis <= 0) {
      throw ApiException.invalidParam("step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    // For safety, limit the number of returned points per time series, as Prometheus does.
    if (points(start, end, stepNanos) > limits.maxPointsPerSeries()) {
      throw ApiException.badData(String.format(Locale.ROOT,
          "exceeded maximum resolution of %,d points per timeseries. Try decreasing the query resolution (?step=XX)",
          limits.maxPointsPerSeries()));
    }
    long deadline = deadline(request);
    PromqlEngine engine = engine(request);
    String query = request.value("query");
    Expr expr = parse(query);
    if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
      throw ApiException.invalidParam("query", "invalid expression type \"" + expr.type().documentedName()
          + "\" for range query, must be Scalar or instant Vector");
    }
    return run(request, deadline, limit,
        budget -> engine.rangeQuery(budget.guard(queryable), query, start, end, stepMillis));
  }

  /** {@code end.Sub(start) / step} on Go durations, which saturate at about 292 years. */
  private static long points(long start, long end, long stepNanos) {
    try {
      return Math.multiplyExact(Math.subtractExact(end, start), 1_000_000L) / stepNanos;
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / stepNanos;
    }
  }

  /**
   * GET/POST /api/v1/query_exemplars: the exemplars in [start, end] of every series any selector of
   * the query selects, in Prometheus's shape; an empty list when the store keeps none.
   */
  ApiResponse exemplars(ApiRequest request) {
    long start = Params.time(request, "start", Params.MIN_TIME);
    long end = Params.time(request, "end", Params.MAX_TIME);
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start timestamp");
    }
    Expr expr;
    try {
      expr = Parser.parseExpr(request.value("query"));
    } catch (ParseException e) {
      // Prometheus's exemplar handler reports the parse error bare, without "invalid parameter".
      throw ApiException.badData(e.getMessage());
    }
    if (!(queryable instanceof ExemplarQueryable exemplars)) {
      return ApiResponse.success("[]");
    }
    List<ExemplarQueryable.SeriesExemplars> found = exemplars.exemplars(start, end, Selectors.extract(expr));
    found = new ArrayList<>(found);
    found.sort(java.util.Comparator.comparing(s -> s.seriesLabels().toString()));
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < found.size(); i++) {
      ExemplarQueryable.SeriesExemplars s = found.get(i);
      b.append(i == 0 ? "" : ",").append("{\"seriesLabels\":");
      JsonStrings.labels(b, s.seriesLabels());
      b.append(",\"exemplars\":[");
      for (int j = 0; j < s.exemplars().size(); j++) {
        ExemplarQueryable.StoredExemplar e = s.exemplars().get(j);
        b.append(j == 0 ? "" : ",").append("{\"labels\":");
        JsonStrings.labels(b, e.labels());
        b.append(",\"value\":").append(Json.quote(FloatFormat.format(e.value())))
            .append(",\"timestamp\":");
        ValueFormat.seconds(b, e.timestampMillis());
        b.append('}');
      }
      b.append("]}");
    }
    return ApiResponse.success(b.append(']').toString());
  }

  /** GET/POST /api/v1/format_query: the query as the parser's printer writes it. */
  ApiResponse format(ApiRequest request) {
    return ApiResponse.success(Json.quote(parse(request.value("query")).toString()));
  }

  /** GET/POST /api/v1/parse_query: the syntax tree as JSON, in Prometheus's translateAST shape. */
  ApiResponse parseTree(ApiRequest request) {
    return ApiResponse.success(AstJson.of(parse(request.value("query"))));
  }

  private static Expr parse(String query) {
    try {
      return Parser.parseExpr(query);
    } catch (ParseException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
  }

  /** Arrival plus the configured timeout, or the {@code timeout} parameter when it is shorter. */
  private long deadline(ApiRequest request) {
    long timeoutNanos = limits.timeout().toNanos();
    if (!request.value("timeout").isEmpty()) {
      timeoutNanos = Math.min(timeoutNanos, Params.duration(request, "timeout"));
    }
    return request.receivedNanos() + timeoutNanos;
  }

  private PromqlEngine engine(ApiRequest request) {
    long lookbackMillis = limits.lookback().toMillis();
    String lookback = request.value("lookback_delta");
    if (!lookback.isEmpty()) {
      try {
        long nanos = Params.parseDurationNanos(lookback);
        if (nanos / 1_000_000 > 0) {
          lookbackMillis = nanos / 1_000_000;
        }
      } catch (IllegalArgumentException e) {
        throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
      }
    }
    return new PromqlEngine(lookbackMillis, SUBQUERY_DEFAULT_STEP_MILLIS, ParserOptions.DEFAULT);
  }

  private interface Evaluation {
    PromqlEngine.Result run(QueryBudget budget);
  }

  private ApiResponse run(ApiRequest request, long deadline, int limit, Evaluation evaluation) {
    QueryBudget budget = new QueryBudget(deadline, limits.maxSamples());
    long queued = System.nanoTime();
    try {
      if (!slots.tryAcquire(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS)) {
        throw new QueryBudget.Exhausted(ErrorType.TIMEOUT, "query timed out in query queue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryBudget.Exhausted(ErrorType.CANCELED, "query was canceled in query queue");
    }
    long started = System.nanoTime();
    PromqlEngine.Result result;
    try {
      budget.checkDeadline("query execution");
      result = evaluation.run(budget);
    } catch (PromqlException e) {
      throw new ApiException(ErrorType.EXECUTION, e.getMessage());
    } finally {
      slots.release();
    }
    long finished = System.nanoTime();
    int returned = result.value() instanceof Vector v ? v.size() : result.value() instanceof Matrix m ? m.size() : 1;
    if (returned > limits.maxSeries()) {
      throw new ApiException(ErrorType.EXECUTION, "query returned " + returned + " series, more than the limit of "
          + limits.maxSeries() + " (api.query.max_series); narrow the selectors or aggregate");
    }
    List<String> warnings = new ArrayList<>(result.annotations().warnings());
    Value value = truncate(result.value(), limit, warnings);
    String data = ValueFormat.json(value);
    if (!request.value("stats").isEmpty()) {
      data = data.substring(0, data.length() - 1) + ",\"stats\":" + stats(budget, queued, started, finished) + "}";
    }
    return ApiResponse.success(data, warnings, List.copyOf(result.annotations().infos()));
  }

  /** The first {@code limit} series of a vector or matrix, with a warning when some were dropped. */
  private static Value truncate(Value value, int limit, List<String> warnings) {
    if (limit <= 0) {
      return value;
    }
    if (value instanceof Vector v && v.size() > limit) {
      Vector out = new Vector();
      out.addAll(v.subList(0, limit));
      warnings.add(TRUNCATED);
      return out;
    }
    if (value instanceof Matrix m && m.size() > limit) {
      Matrix out = new Matrix();
      out.addAll(m.subList(0, limit));
      warnings.add(TRUNCATED);
      return out;
    }
    return value;
  }

  /**
   * Prometheus's stats object. Preparation and sorting are not timed apart from evaluation; samples
   * are those loaded from storage, which this engine holds for the whole query, so peak equals total.
   */
  private static String stats(QueryBudget budget, long queued, long started, long finished) {
    String eval = seconds(finished - started);
    return "{\"timings\":{\"evalTotalTime\":" + eval + ",\"resultSortTime\":0,\"queryPreparationTime\":0"
        + ",\"innerEvalTime\":" + eval + ",\"execQueueTime\":" + seconds(started - queued)
        + ",\"execTotalTime\":" + seconds(finished - queued) + "},\"samples\":{\"totalQueryableSamples\":"
        + budget.samplesLoaded() + ",\"peakSamples\":" + budget.samplesLoaded() + "}}";
  }

  private static String seconds(long nanos) {
    return new java.math.BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString();
  }
}
