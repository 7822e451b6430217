package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.MatrixSelector;
import io.pipescope.query.promql.parser.ParenExpr;
import io.pipescope.query.promql.parser.ValueType;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToIntFunction;

/**
 * Every function the engine implements, one entry each (Prometheus's functions.go FunctionCalls).
 * A name in the parser's table without an entry here fails at evaluation.
 */
final class FunctionTable {
  private FunctionTable() {}

  /** A function over the evaluated call at time {@code t}. */
  @FunctionalInterface
  interface Impl {
    Value call(Evaluator ev, Call c, long t);
  }

  /** A function of one range-vector series; null when it has no value for the series. */
  @FunctionalInterface
  interface RangeFn {
    Double apply(Series s, RangeCall call);
  }

  /** What a range function sees besides the series: the window, the scalar arguments, the time. */
  record RangeCall(Evaluator.RangeArg range, double[] params, long t) {}

  private static final Map<String, Impl> TABLE = new HashMap<>();

  static {
    // Instant-vector math.
    math("abs", Math::abs);
    math("ceil", Math::ceil);
    math("floor", Math::floor);
    math("exp", Math::exp);
    math("ln", Math::log);
    math("log2", MathFunctions::log2);
    math("log10", Math::log10);
    math("sqrt", Math::sqrt);
    math("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v);
    math("acos", Math::acos);
    math("acosh", v -> Math.log(v + Math.sqrt(v * v - 1)));
    math("asin", Math::asin);
    math("asinh", v -> Double.isInfinite(v) ? v : Math.log(v + Math.sqrt(v * v + 1)));
    math("atan", Math::atan);
    math("atanh", v -> 0.5 * Math.log((1 + v) / (1 - v)));
    math("cos", Math::cos);
    math("cosh", Math::cosh);
    math("sin", Math::sin);
    math("sinh", Math::sinh);
    math("tan", Math::tan);
    math("tanh", Math::tanh);
    math("deg", v -> v * 180 / Math.PI);
    math("rad", v -> v * Math.PI / 180);
    TABLE.put("pi", (ev, c, t) -> new Scalar(t, Math.PI));
    TABLE.put("round", FunctionTable::round);
    TABLE.put("clamp", (ev, c, t) -> clamp(ev, c, t, scalarArg(ev, c, 1, t), scalarArg(ev, c, 2, t)));
    TABLE.put("clamp_min", (ev, c, t) -> clamp(ev, c, t, scalarArg(ev, c, 1, t), Double.POSITIVE_INFINITY));
    TABLE.put("clamp_max", (ev, c, t) -> clamp(ev, c, t, Double.NEGATIVE_INFINITY, scalarArg(ev, c, 1, t)));

    // Time.
    TABLE.put("time", (ev, c, t) -> new Scalar(t, t / 1000.0));
    TABLE.put("start", (ev, c, t) -> new Scalar(t, ev.queryStart / 1000.0));
    TABLE.put("end", (ev, c, t) -> new Scalar(t, ev.queryEnd / 1000.0));
    TABLE.put("step", (ev, c, t) -> new Scalar(t, ev.queryStep / 1000.0));
    TABLE.put("range", (ev, c, t) -> new Scalar(t, (ev.queryEnd - ev.queryStart) / 1000.0));
    TABLE.put("min_of", (ev, c, t) -> new Scalar(t, Math.min(scalarArg(ev, c, 0, t), scalarArg(ev, c, 1, t))));
    TABLE.put("max_of", (ev, c, t) -> new Scalar(t, Math.max(scalarArg(ev, c, 0, t), scalarArg(ev, c, 1, t))));
    TABLE.put("timestamp", FunctionTable::timestamp);
    date("minute", d -> d.getMinute());
    date("hour", d -> d.getHour());
    date("day_of_week", d -> d.getDayOfWeek().getValue() % 7);
    date("day_of_month", d -> d.getDayOfMonth());
    date("day_of_year", d -> d.getDayOfYear());
    date("days_in_month", d -> d.toLocalDate().lengthOfMonth());
    date("month", d -> d.getMonthValue());
    date("year", d -> d.getYear());

    // Types.
    TABLE.put("vector", (ev, c, t) -> {
      Vector out = new Vector();
      out.add(new Sample(Labels.empty(), t, ev.evalScalar(c.args().get(0), t)));
      return out;
    });
    TABLE.put("scalar", (ev, c, t) -> {
      Vector v = ev.evalVector(c.args().get(0), t);
      return new Scalar(t, v.size() == 1 ? v.get(0).v() : Double.NaN);
    });

    // Labels and order.
    TABLE.put("label_replace", LabelFunctions::labelReplace);
    TABLE.put("label_join", LabelFunctions::labelJoin);
    TABLE.put("sort", (ev, c, t) -> LabelFunctions.sort(ev, c, t, false));
    TABLE.put("sort_desc", (ev, c, t) -> LabelFunctions.sort(ev, c, t, true));
    TABLE.put("sort_by_label", (ev, c, t) -> LabelFunctions.sortByLabel(ev, c, t, false));
    TABLE.put("sort_by_label_desc", (ev, c, t) -> LabelFunctions.sortByLabel(ev, c, t, true));
    TABLE.put("absent", FunctionTable::absent);
    TABLE.put("absent_over_time", FunctionTable::absentOverTime);

    // Range vectors.
    range("rate", RangeFunctions::rate);
    range("increase", RangeFunctions::increase);
    range("delta", RangeFunctions::delta);
    range("irate", (s, x) -> RangeFunctions.instantValue(s.points(), true));
    range("idelta", (s, x) -> RangeFunctions.instantValue(s.points(), false));
    range("avg_over_time", (s, x) -> RangeFunctions.avg(s.points()));
    range("sum_over_time", (s, x) -> RangeFunctions.sum(s.points()));
    range("count_over_time", (s, x) -> (double) s.points().size());
    range("min_over_time", (s, x) -> RangeFunctions.minMax(s.points(), false));
    range("max_over_time", (s, x) -> RangeFunctions.minMax(s.points(), true));
    range("stddev_over_time", (s, x) -> Math.sqrt(RangeFunctions.variance(s.points())));
    range("stdvar_over_time", (s, x) -> RangeFunctions.variance(s.points()));
    range("quantile_over_time", (s, x) -> MathFunctions.quantile(x.params()[0], RangeFunctions.values(s.points())));
    range("mad_over_time", (s, x) -> RangeFunctions.mad(s.points()));
    range("present_over_time", (s, x) -> 1.0);
    range("changes", (s, x) -> RangeFunctions.changes(s.points()));
    range("resets", (s, x) -> RangeFunctions.resets(s.points()));
    range("deriv", (s, x) -> s.points().size() < 2 ? null
        : MathFunctions.linearRegression(s.points(), s.points().get(0).t())[0]);
    range("predict_linear", (s, x) -> {
      if (s.points().size() < 2) {
        return null;
      }
      double[] reg = MathFunctions.linearRegression(s.points(), x.t());
      return reg[0] * x.params()[0] + reg[1];
    });
    range("double_exponential_smoothing", RangeFunctions::doubleExponentialSmoothing);
    range("ts_of_min_over_time", (s, x) -> RangeFunctions.tsOfMinMax(s.points(), false));
    range("ts_of_max_over_time", (s, x) -> RangeFunctions.tsOfMinMax(s.points(), true));
    range("ts_of_last_over_time", (s, x) -> s.points().get(s.points().size() - 1).t() / 1000.0);
    range("ts_of_first_over_time", (s, x) -> s.points().get(0).t() / 1000.0);
    // The only range functions that keep the metric name.
    TABLE.put("last_over_time", rangeImpl((s, x) -> s.points().get(s.points().size() - 1).v(), true));
    TABLE.put("first_over_time", rangeImpl((s, x) -> s.points().get(0).v(), true));

    // Histograms: classic buckets only; the native-histogram functions see no floats.
    TABLE.put("histogram_quantile", HistogramQuantile::call);
    for (String name : List.of("histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev",
        "histogram_stdvar")) {
      TABLE.put(name, (ev, c, t) -> {
        ev.evalVector(c.args().get(0), t);
        return new Vector();
      });
    }
    TABLE.put("histogram_fraction", HistogramQuantile::fraction);
    TABLE.put("histogram_quantiles", HistogramQuantile::quantiles);
  }

  static Value call(Evaluator ev, Call c, long t) {
    Impl impl = TABLE.get(c.function().name());
    if (impl == null) {
      throw new PromqlException("function \"" + c.function().name() + "\" is not supported yet");
    }
    return impl.call(ev, c, t);
  }

  private static double scalarArg(Evaluator ev, Call c, int i, long t) {
    return ev.evalScalar(c.args().get(i), t);
  }

  private static void math(String name, DoubleUnaryOperator f) {
    TABLE.put(name, (ev, c, t) -> {
      Vector out = new Vector();
      for (Sample s : ev.evalVector(c.args().get(0), t)) {
        out.add(new Sample(s.labels(), t, f.applyAsDouble(s.v()), true));
      }
      return out;
    });
  }

  private static Value round(Evaluator ev, Call c, long t) {
    double toNearest = c.args().size() > 1 ? ev.evalScalar(c.args().get(1), t) : 1;
    double inverse = 1.0 / toNearest;
    Vector out = new Vector();
    for (Sample s : ev.evalVector(c.args().get(0), t)) {
      out.add(new Sample(s.labels(), t, Math.floor(s.v() * inverse + 0.5) / inverse, true));
    }
    return out;
  }

  private static Value clamp(Evaluator ev, Call c, long t, double min, double max) {
    Vector out = new Vector();
    Vector in = ev.evalVector(c.args().get(0), t);
    if (max < min) {
      return out;
    }
    for (Sample s : in) {
      double v = Double.isNaN(min) || Double.isNaN(max) ? Double.NaN : Math.max(min, Math.min(max, s.v()));
      out.add(new Sample(s.labels(), t, v, true));
    }
    return out;
  }

  private static Value timestamp(Evaluator ev, Call c, long t) {
    Expr arg = unwrap(c.args().get(0));
    // A selector's samples keep their own time; anything else is at the evaluation time.
    Vector in = arg instanceof VectorSelector vs ? ev.selectInstant(vs, t, true) : ev.evalVector(arg, t);
    Vector out = new Vector();
    for (Sample s : in) {
      out.add(new Sample(s.labels(), t, s.t() / 1000.0, true));
    }
    return out;
  }

  private static void date(String name, ToIntFunction<ZonedDateTime> field) {
    TABLE.put(name, (ev, c, t) -> {
      Vector in;
      if (c.args().isEmpty()) {
        in = new Vector();
        in.add(new Sample(Labels.empty(), t, t / 1000.0));
      } else {
        in = ev.evalVector(c.args().get(0), t);
      }
      Vector out = new Vector();
      for (Sample s : in) {
        double v = s.v();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          out.add(new Sample(s.labels(), t, Double.NaN, true));
          continue;
        }
        ZonedDateTime d = Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC);
        out.add(new Sample(s.labels(), t, field.applyAsInt(d), true));
      }
      return out;
    });
  }

  private static void range(String name, RangeFn f) {
    TABLE.put(name, rangeImpl(f, false));
  }

  /** Applies {@code f} to each series of the call's range-vector argument; scalar arguments come first. */
  private static Impl rangeImpl(RangeFn f, boolean keepName) {
    return (ev, c, t) -> {
      Evaluator.RangeArg range = null;
      double[] params = new double[c.args().size()];
      int p = 0;
      for (Expr arg : c.args()) {
        if (arg.type() == ValueType.MATRIX) {
          range = ev.evalRange(arg, t);
        } else {
          params[p++] = ev.evalScalar(arg, t);
        }
      }
      String name = c.function().name();
      if (name.equals("quantile_over_time") && (Double.isNaN(params[0]) || params[0] < 0 || params[0] > 1)) {
        ev.annotations.warn("quantile value should be between 0 and 1, got " + ValueFormat.number(params[0]),
            c.args().get(0).positionRange());
      }
      RangeCall call = new RangeCall(range, params, t);
      Vector out = new Vector();
      for (Series s : range.matrix()) {
        Double v = f.apply(s, call);
        if (v == null) {
          continue;
        }
        if (name.equals("rate") || name.equals("increase")) {
          String metric = s.labels().get("__name__");
          if (metric != null && !metric.endsWith("_total") && !metric.endsWith("_sum")
              && !metric.endsWith("_count") && !metric.endsWith("_bucket")) {
            ev.annotations.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                + io.pipescope.query.promql.parser.GoStrings.quote(metric), c.args().get(0).positionRange());
          }
        }
        out.add(new Sample(s.labels(), t, v, !keepName || s.dropName()));
      }
      return out;
    };
  }

  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  private static Value absent(Evaluator ev, Call c, long t) {
    Vector in = ev.evalVector(c.args().get(0), t);
    Vector out = new Vector();
    if (in.isEmpty()) {
      out.add(new Sample(absentLabels(c.args().get(0)), t, 1));
    }
    return out;
  }

  private static Value absentOverTime(Evaluator ev, Call c, long t) {
    Evaluator.RangeArg r = ev.evalRange(c.args().get(0), t);
    Vector out = new Vector();
    if (r.matrix().isEmpty()) {
      out.add(new Sample(absentLabels(c.args().get(0)), t, 1));
    }
    return out;
  }

  /** The labels absent() reports: those fixed by equality matchers, unless a name is matched twice. */
  private static Labels absentLabels(Expr arg) {
    List<LabelMatcher> matchers;
    if (arg instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (arg instanceof MatrixSelector ms) {
      matchers = ms.vectorSelector().matchers();
    } else {
      return Labels.empty();
    }
    Map<String, String> out = new java.util.TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (m.name().equals("__name__")) {
        continue;
      }
      if (m.type() == LabelMatcher.Type.EQUAL && seen.add(m.name())) {
        out.put(m.name(), m.value());
      } else {
        out.remove(m.name());
      }
    }
    out.values().removeIf(String::isEmpty);
    return Labels.from(out);
  }
}
