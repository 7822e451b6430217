package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.query.promql.parser.ValueType;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers PromQL instant and range queries over a {@link Queryable}, with Prometheus 3's semantics:
 * a 5-minute lookback, left-open ranges, staleness markers ending series, the metric name dropped
 * only when the result leaves the engine.
 */
public final class PromqlEngine {
  /** Prometheus's default lookback delta. */
  public static final long DEFAULT_LOOKBACK_MILLIS = 5 * 60 * 1000;

  private final long lookbackMillis;
  private final long subqueryDefaultStepMillis;
  private final ParserOptions parserOptions;

  public PromqlEngine() {
    this(DEFAULT_LOOKBACK_MILLIS, 60_000, ParserOptions.DEFAULT);
  }

  /**
   * @param subqueryDefaultStepMillis the step of a subquery that gives none ({@code x[5m:]})
   */
  public PromqlEngine(long lookbackMillis, long subqueryDefaultStepMillis, ParserOptions parserOptions) {
    this.lookbackMillis = lookbackMillis;
    this.subqueryDefaultStepMillis = subqueryDefaultStepMillis;
    this.parserOptions = parserOptions;
  }

  /** A query's value and the warnings and infos it raised. */
  public record Result(Value value, Annotations annotations) {}

  /**
   * Evaluates {@code query} at one time.
   *
   * @throws ParseException when the query is not valid PromQL
   * @throws PromqlException when it cannot be evaluated
   */
  public Result instantQuery(Queryable queryable, String query, long timeMillis) {
    Expr expr = Parser.parseExpr(query, parserOptions);
    Annotations annotations = new Annotations(query);
    long[] bounds = TimeBounds.of(expr, new Evaluator(null, timeMillis, timeMillis, 0, lookbackMillis,
        subqueryDefaultStepMillis, annotations, false));
    try (Querier querier = queryable.querier(bounds[0], bounds[1])) {
      Evaluator ev = new Evaluator(querier, timeMillis, timeMillis, 0, lookbackMillis, subqueryDefaultStepMillis,
          annotations, false);
      Value v = ev.eval(expr, timeMillis);
      if (v instanceof Vector vec) {
        Vector out = new Vector();
        Set<Labels> seen = new HashSet<>();
        for (Sample s : vec) {
          Labels l = s.dropName() ? withoutName(s.labels()) : s.labels();
          if (!seen.add(l)) {
            throw new PromqlException("vector cannot contain metrics with the same labelset");
          }
          out.add(new Sample(l, timeMillis, s.v()));
        }
        return new Result(out, annotations);
      }
      if (v instanceof Matrix m) {
        Matrix out = new Matrix();
        Set<Labels> seen = new HashSet<>();
        for (Series s : m) {
          Labels l = s.dropName() ? withoutName(s.labels()) : s.labels();
          if (!seen.add(l)) {
            throw new PromqlException("vector cannot contain metrics with the same labelset");
          }
          out.add(new Series(l, s.points()));
        }
        return new Result(out, annotations);
      }
      return new Result(v, annotations);
    }
  }

  /** Evaluates {@code query} at each step from {@code start} to {@code end}; series sorted by labels. */
  public Result rangeQuery(Queryable queryable, String query, long start, long end, long stepMillis) {
    Expr expr = Parser.parseExpr(query, parserOptions);
    if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
      throw new PromqlException("invalid expression type \"" + expr.type().documentedName()
          + "\" for range query, must be Scalar or instant Vector");
    }
    Annotations annotations = new Annotations(query);
    long[] bounds = TimeBounds.of(expr, new Evaluator(null, start, end, stepMillis, lookbackMillis,
        subqueryDefaultStepMillis, annotations, true));
    try (Querier querier = queryable.querier(bounds[0], bounds[1])) {
      Evaluator ev = new Evaluator(querier, start, end, stepMillis, lookbackMillis, subqueryDefaultStepMillis,
          annotations, true);
      // Names are dropped per step; the same labels at one step is an error, at different steps one series.
      Map<Labels, List<FPoint>> bySeries = new HashMap<>();
      for (long t = start; t <= end; t += stepMillis) {
        Value v = ev.eval(expr, t);
        if (v instanceof Scalar s) {
          bySeries.computeIfAbsent(Labels.empty(), k -> new ArrayList<>()).add(new FPoint(t, s.v()));
          continue;
        }
        Set<Labels> atStep = new HashSet<>();
        for (Sample s : (Vector) v) {
          Labels l = s.dropName() ? withoutName(s.labels()) : s.labels();
          if (!atStep.add(l)) {
            throw new PromqlException("vector cannot contain metrics with the same labelset");
          }
          bySeries.computeIfAbsent(l, k -> new ArrayList<>()).add(new FPoint(t, s.v()));
        }
      }
      Map<Labels, Series> out = new HashMap<>();
      bySeries.forEach((l, points) -> out.put(l, new Series(l, points)));
      Matrix m = new Matrix();
      m.addAll(out.values());
      m.sort((a, b) -> io.pipescope.store.LabelsOrder.INSTANCE.compare(a.labels(), b.labels()));
      return new Result(m, annotations);
    }
  }

  static Labels withoutName(Labels l) {
    if (l.get("__name__") == null) {
      return l;
    }
    java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i < l.size(); i++) {
      if (!l.name(i).equals("__name__")) {
        m.put(l.name(i), l.value(i));
      }
    }
    return Labels.from(m);
  }
}
