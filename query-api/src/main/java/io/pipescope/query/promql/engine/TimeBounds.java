package io.pipescope.query.promql.engine;

import io.pipescope.query.promql.parser.AggregateExpr;
import io.pipescope.query.promql.parser.AtModifier;
import io.pipescope.query.promql.parser.BinaryExpr;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.MatrixSelector;
import io.pipescope.query.promql.parser.ParenExpr;
import io.pipescope.query.promql.parser.SubqueryExpr;
import io.pipescope.query.promql.parser.UnaryExpr;
import io.pipescope.query.promql.parser.VectorSelector;

/**
 * The time range a query reads (Prometheus's FindMinMaxTime): for every selector, the evaluation
 * times it can see, moved by subqueries, offsets and {@code @}, widened by its range or the lookback.
 */
final class TimeBounds {
  private final Evaluator durations;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  private TimeBounds(Evaluator durations) {
    this.durations = durations;
  }

  /** {@code [min, max]} in milliseconds; {@code [0, 0]} when the query has no selector. */
  static long[] of(Expr e, Evaluator ev) {
    TimeBounds b = new TimeBounds(ev);
    b.walk(e, ev.queryStart, ev.queryEnd);
    return b.max == Long.MIN_VALUE ? new long[] {0, 0} : new long[] {b.min, b.max};
  }

  private void walk(Expr e, long lo, long hi) {
    if (e instanceof VectorSelector vs) {
      select(vs, lo, hi, durations.lookbackMillis);
    } else if (e instanceof MatrixSelector ms) {
      long range = ms.rangeExpr() != null ? durations.durationMillis(ms.rangeExpr()) : ms.range().toMillis();
      select(ms.vectorSelector(), lo, hi, range);
    } else if (e instanceof SubqueryExpr sq) {
      long range = sq.rangeExpr() != null ? durations.durationMillis(sq.rangeExpr()) : sq.range().toMillis();
      long end = at(sq.at(), hi) - offset(sq);
      long start = at(sq.at(), lo) - offset(sq) - range;
      walk(sq.expr(), start, end);
    } else if (e instanceof ParenExpr p) {
      walk(p.expr(), lo, hi);
    } else if (e instanceof UnaryExpr u) {
      walk(u.expr(), lo, hi);
    } else if (e instanceof BinaryExpr b) {
      walk(b.lhs(), lo, hi);
      walk(b.rhs(), lo, hi);
    } else if (e instanceof AggregateExpr a) {
      if (a.param() != null) {
        walk(a.param(), lo, hi);
      }
      walk(a.expr(), lo, hi);
    } else if (e instanceof Call c) {
      for (Expr arg : c.args()) {
        walk(arg, lo, hi);
      }
    }
  }

  private void select(VectorSelector vs, long lo, long hi, long window) {
    long off = vs.offsetExpr() != null ? durations.durationMillis(vs.offsetExpr()) : vs.offset().toMillis();
    min = Math.min(min, at(vs.at(), lo) - off - window);
    max = Math.max(max, at(vs.at(), hi) - off);
  }

  private long offset(SubqueryExpr sq) {
    return sq.offsetExpr() != null ? durations.durationMillis(sq.offsetExpr()) : sq.offset().toMillis();
  }

  private long at(AtModifier at, long t) {
    if (at == null) {
      return t;
    }
    return switch (at.kind()) {
      case START -> durations.queryStart;
      case END -> durations.queryEnd;
      case TIMESTAMP -> at.timestampMillis();
    };
  }
}
