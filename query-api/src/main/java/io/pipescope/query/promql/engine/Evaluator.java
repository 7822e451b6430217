package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.AggregateExpr;
import io.pipescope.query.promql.parser.AtModifier;
import io.pipescope.query.promql.parser.BinaryExpr;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.DurationExpr;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.MatrixSelector;
import io.pipescope.query.promql.parser.NumberLiteral;
import io.pipescope.query.promql.parser.ParenExpr;
import io.pipescope.query.promql.parser.StringLiteral;
import io.pipescope.query.promql.parser.SubqueryExpr;
import io.pipescope.query.promql.parser.UnaryExpr;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an expression at one instant (Prometheus's evaluator). A range query evaluates each
 * step in turn; a subquery evaluates its inner expression at each of its own steps. Series are read
 * from the querier once per selector and kept for the whole query.
 */
final class Evaluator {
  /** A series as read from storage: labels and samples in time order, staleness markers kept. */
  record StoredSeries(Labels labels, long[] ts, double[] vs) {}

  /** A range vector with the window it was selected over, which rate() extrapolates to. */
  record RangeArg(Matrix matrix, long rangeStart, long rangeEnd) {
    double rangeSeconds() {
      return (rangeEnd - rangeStart) / 1000.0;
    }
  }

  final Querier querier;
  final long queryStart;
  final long queryEnd;
  final long queryStep;
  final long lookbackMillis;
  final long subqueryDefaultStep;
  final Annotations annotations;
  final boolean rangeQuery;
  private final Map<List<LabelMatcher>, List<StoredSeries>> selected = new HashMap<>();
  // A subquery's inner steps sit on a fixed grid, so the windows of successive outer steps share
  // most of them: each inner value is computed once per query.
  private final Map<SubqueryExpr, Map<Long, Value>> subqueryValues = new java.util.IdentityHashMap<>();

  Evaluator(Querier querier, long start, long end, long step, long lookbackMillis, long subqueryDefaultStep,
      Annotations annotations, boolean rangeQuery) {
    this.querier = querier;
    this.queryStart = start;
    this.queryEnd = end;
    this.queryStep = step;
    this.lookbackMillis = lookbackMillis;
    this.subqueryDefaultStep = subqueryDefaultStep;
    this.annotations = annotations;
    this.rangeQuery = rangeQuery;
  }

  Value eval(Expr e, long t) {
    if (e instanceof NumberLiteral n) {
      return new Scalar(t, n.value());
    } else if (e instanceof StringLiteral s) {
      return new StringValue(t, s.value());
    } else if (e instanceof ParenExpr p) {
      return eval(p.expr(), t);
    } else if (e instanceof DurationExpr d) {
      return new Scalar(t, durationMillis(d) / 1000.0);
    } else if (e instanceof UnaryExpr u) {
      return unary(u, t);
    } else if (e instanceof VectorSelector vs) {
      return selectInstant(vs, t, false);
    } else if (e instanceof MatrixSelector || e instanceof SubqueryExpr) {
      return evalRange(e, t).matrix();
    } else if (e instanceof BinaryExpr b) {
      return BinaryOps.eval(this, b, t);
    } else if (e instanceof AggregateExpr a) {
      return Aggregations.eval(this, a, t);
    } else if (e instanceof Call c) {
      return FunctionTable.call(this, c, t);
    }
    throw new PromqlException("unexpected expression " + e);
  }

  Vector evalVector(Expr e, long t) {
    Value v = eval(e, t);
    if (v instanceof Vector vec) {
      return vec;
    }
    throw new PromqlException("expected instant vector, got " + v.getClass().getSimpleName());
  }

  double evalScalar(Expr e, long t) {
    Value v = eval(e, t);
    if (v instanceof Scalar s) {
      return s.v();
    }
    throw new PromqlException("expected scalar, got " + v.getClass().getSimpleName());
  }

  private Value unary(UnaryExpr u, long t) {
    Value v = eval(u.expr(), t);
    if (u.op() != io.pipescope.query.promql.parser.ItemType.SUB) {
      return v;
    }
    if (v instanceof Scalar s) {
      return new Scalar(t, -s.v());
    }
    Vector out = new Vector();
    for (Sample s : (Vector) v) {
      out.add(new Sample(s.labels(), t, -s.v(), true));
    }
    return out;
  }

  /** The time a selector reads at: its {@code @} time or {@code t}, less its offset. */
  long selectorTime(AtModifier at, Duration offset, DurationExpr offsetExpr, long t) {
    long base = at == null ? t : switch (at.kind()) {
      case START -> queryStart;
      case END -> queryEnd;
      case TIMESTAMP -> at.timestampMillis();
    };
    long off = offsetExpr != null ? durationMillis(offsetExpr) : offset.toMillis();
    return base - off;
  }

  List<StoredSeries> series(VectorSelector vs) {
    return selected.computeIfAbsent(vs.matchers(), m -> {
      List<StoredSeries> out = new ArrayList<>();
      SeriesSet set = querier.select(true, m.toArray(new LabelMatcher[0]));
      while (set.next()) {
        io.pipescope.store.Series s = set.at();
        long[] ts = new long[16];
        double[] vals = new double[16];
        int n = 0;
        SampleIterator it = s.iterator();
        while (it.next()) {
          if (n == ts.length) {
            ts = java.util.Arrays.copyOf(ts, n * 2);
            vals = java.util.Arrays.copyOf(vals, n * 2);
          }
          ts[n] = it.timestamp();
          vals[n] = it.value();
          n++;
        }
        out.add(new StoredSeries(s.labels(), java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vals, n)));
      }
      if (set.error() != null) {
        throw new PromqlException(set.error().getMessage());
      }
      return out;
    });
  }

  /**
   * Per selector and per series, where the last lookup ended. The steps of a range query ask for
   * ever later times, so the next answer is usually a few samples on: walking from the hint beats
   * a binary search over the whole series (the profile's top item before this).
   */
  private final Map<CursorKey, int[]> cursors = new HashMap<>();

  /**
   * Per aggregation, the group labels of each input label set (by identity): the steps of a range
   * query aggregate the same series again and again, and building the group labels was the
   * aggregation's main cost. Cleared when it outgrows the input, so fresh label sets cannot pile up.
   */
  private final Map<Object, Map<Labels, Labels>> groupKeys = new java.util.IdentityHashMap<>();

  Map<Labels, Labels> groupKeys(Object aggregation, int inputSize) {
    Map<Labels, Labels> keys = groupKeys.computeIfAbsent(aggregation, a -> new java.util.IdentityHashMap<>());
    if (keys.size() > 4 * Math.max(1024, inputSize)) {
      keys.clear();
    }
    return keys;
  }

  /** A selector and which edge of its window; any two selectors sharing hints is still correct. */
  private record CursorKey(Object selector, String edge) {}

  private int[] cursors(Object selector, String edge, int seriesCount) {
    CursorKey key = new CursorKey(selector, edge);
    int[] hints = cursors.get(key);
    if (hints == null || hints.length != seriesCount) {
      hints = new int[seriesCount];
      java.util.Arrays.fill(hints, -1);
      cursors.put(key, hints);
    }
    return hints;
  }

  /** As {@link #lastAtOrBefore(long[], long)}, starting from {@code hint} when that is not past {@code t}. */
  static int lastAtOrBefore(long[] ts, long t, int hint) {
    if (hint < 0 || hint >= ts.length || ts[hint] > t) {
      return lastAtOrBefore(ts, t);
    }
    int i = hint;
    for (int steps = 0; i + 1 < ts.length && ts[i + 1] <= t; steps++) {
      if (steps == 8) {
        return lastAtOrBefore(ts, t, i + 1, ts.length - 1);
      }
      i++;
    }
    return i;
  }

  /** Index of the last sample at or before {@code t}, or -1. */
  static int lastAtOrBefore(long[] ts, long t) {
    return lastAtOrBefore(ts, t, 0, ts.length - 1);
  }

  /** Binary search within [lo, hi]; {@code lo - 1} when no sample there is at or before {@code t}. */
  private static int lastAtOrBefore(long[] ts, long t, int lo, int hi) {
    int found = lo - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * The latest sample of each series in the lookback window {@code (t - lookback, t]}, unless it is a
   * staleness marker. With {@code sampleTimes}, samples keep their own timestamp (for timestamp()).
   */
  Vector selectInstant(VectorSelector vs, long t, boolean sampleTimes) {
    if (vs.anchored() || vs.smoothed()) {
      throw new PromqlException("the anchored and smoothed modifiers are not supported yet");
    }
    long at = selectorTime(vs.at(), vs.offset(), vs.offsetExpr(), t);
    Vector out = new Vector();
    List<StoredSeries> all = series(vs);
    int[] hints = cursors(vs, "end", all.size());
    for (int k = 0; k < all.size(); k++) {
      StoredSeries s = all.get(k);
      int i = lastAtOrBefore(s.ts(), at, hints[k]);
      hints[k] = i;
      if (i < 0 || s.ts()[i] <= at - lookbackMillis || StaleMarker.isStale(s.vs()[i])) {
        continue;
      }
      out.add(new Sample(s.labels(), sampleTimes ? s.ts()[i] : t, s.vs()[i]));
    }
    return out;
  }

  RangeArg evalRange(Expr e, long t) {
    if (e instanceof ParenExpr p) {
      return evalRange(p.expr(), t);
    } else if (e instanceof MatrixSelector ms) {
      return selectRange(ms, t);
    } else if (e instanceof SubqueryExpr sq) {
      return subquery(sq, t);
    }
    throw new PromqlException("expected range vector, got " + e.type());
  }

  private RangeArg selectRange(MatrixSelector ms, long t) {
    VectorSelector vs = ms.vectorSelector();
    if (vs.anchored() || vs.smoothed()) {
      throw new PromqlException("the anchored and smoothed modifiers are not supported yet");
    }
    long end = selectorTime(vs.at(), vs.offset(), vs.offsetExpr(), t);
    long range = ms.rangeExpr() != null ? durationMillis(ms.rangeExpr()) : ms.range().toMillis();
    long start = end - range;
    Matrix m = new Matrix();
    List<StoredSeries> all = series(vs);
    int[] endHints = cursors(ms, "end", all.size());
    int[] startHints = cursors(ms, "start", all.size());
    for (int k = 0; k < all.size(); k++) {
      StoredSeries s = all.get(k);
      int last = lastAtOrBefore(s.ts(), end, endHints[k]);
      endHints[k] = last;
      int before = lastAtOrBefore(s.ts(), start, startHints[k]);
      startHints[k] = before;
      int first = before + 1;
      List<FPoint> points = new ArrayList<>(Math.max(0, last - first + 1));
      for (int i = first; i <= last; i++) {
        if (!StaleMarker.isStale(s.vs()[i])) {
          points.add(new FPoint(s.ts()[i], s.vs()[i]));
        }
      }
      if (!points.isEmpty()) {
        m.add(new Series(s.labels(), points));
      }
    }
    return new RangeArg(m, start, end);
  }

  private RangeArg subquery(SubqueryExpr sq, long t) {
    long end = selectorTime(sq.at(), sq.offset(), sq.offsetExpr(), t);
    long range = sq.rangeExpr() != null ? durationMillis(sq.rangeExpr()) : sq.range().toMillis();
    long step = sq.stepExpr() != null ? durationMillis(sq.stepExpr()) : sq.step().toMillis();
    if (step == 0) {
      step = subqueryDefaultStep;
    }
    // The first step after end - range that is a multiple of the step, as Prometheus aligns them.
    long first = step * ((end - range) / step);
    if (first <= end - range) {
      first += step;
    }
    Map<SeriesKey, List<FPoint>> bySeries = new LinkedHashMap<>();
    Map<Long, Value> memo = subqueryValues.computeIfAbsent(sq, k -> new HashMap<>());
    for (long ts = first; ts <= end; ts += step) {
      Value v = memo.get(ts);
      if (v == null) {
        v = eval(sq.expr(), ts);
        memo.put(ts, v);
      }
      if (v instanceof Scalar s) {
        bySeries.computeIfAbsent(new SeriesKey(Labels.empty(), false), k -> new ArrayList<>())
            .add(new FPoint(ts, s.v()));
      } else {
        for (Sample s : (Vector) v) {
          bySeries.computeIfAbsent(new SeriesKey(s.labels(), s.dropName()), k -> new ArrayList<>())
              .add(new FPoint(ts, s.v()));
        }
      }
    }
    Matrix m = new Matrix();
    bySeries.forEach((k, pts) -> m.add(new Series(k.labels(), pts, k.dropName())));
    return new RangeArg(m, end - range, end);
  }

  record SeriesKey(Labels labels, boolean dropName) {}

  /** A duration expression's value in milliseconds; numbers in it are seconds. */
  long durationMillis(DurationExpr d) {
    return Math.round(durationSeconds(d) * 1000);
  }

  private double durationSeconds(Expr e) {
    if (e instanceof NumberLiteral n) {
      return n.value();
    } else if (e instanceof ParenExpr p) {
      return durationSeconds(p.expr());
    } else if (!(e instanceof DurationExpr d)) {
      throw new PromqlException("unsupported duration expression " + e);
    } else {
      return switch (d.op()) {
        case STEP -> queryStep / 1000.0;
        case RANGE -> (queryEnd - queryStart) / 1000.0;
        case ADD -> d.lhs() == null ? durationSeconds(d.rhs()) : durationSeconds(d.lhs()) + durationSeconds(d.rhs());
        case SUB -> d.lhs() == null ? -durationSeconds(d.rhs()) : durationSeconds(d.lhs()) - durationSeconds(d.rhs());
        case MUL -> durationSeconds(d.lhs()) * durationSeconds(d.rhs());
        case DIV -> durationSeconds(d.lhs()) / durationSeconds(d.rhs());
        case MOD -> durationSeconds(d.lhs()) % durationSeconds(d.rhs());
        case POW -> Math.pow(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
        case MIN_OF -> Math.min(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
        case MAX_OF -> Math.max(durationSeconds(d.lhs()), durationSeconds(d.rhs()));
        default -> throw new PromqlException("unsupported duration operator " + d.op());
      };
    }
  }
}
