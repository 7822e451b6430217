package io.pipescope.query.promql.promqltest;

import io.pipescope.query.promql.parser.AggregateExpr;
import io.pipescope.query.promql.parser.AtModifier;
import io.pipescope.query.promql.parser.BinaryExpr;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.MatrixSelector;
import io.pipescope.query.promql.parser.ParenExpr;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.query.promql.parser.SubqueryExpr;
import io.pipescope.query.promql.parser.UnaryExpr;
import io.pipescope.query.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * test.go's step-invariance check: an instant query with {@code @ <eval time>} on every selector
 * and subquery (not inside a subquery, which is pinned as a whole) must give the same result at other times.
 */
final class AtModifierCases {
  /** Functions whose result moves with the evaluation time even when their arguments do not. */
  private static final Set<String> UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
      "hour", "minute", "month", "year", "predict_linear", "time", "timestamp", "start", "end", "step", "range");

  private AtModifierCases() {}

  /** A query and the time to evaluate it at. */
  record Case(String expr, long evalTime) {}

  /** The cases for {@code expr} at {@code t}; none when the expression is not step invariant. */
  static List<Case> of(String expr, long t) {
    Expr parsed = Parser.parseExpr(expr, ParserOptions.ALL_FEATURES);
    boolean[] unsafe = {false};
    String pinned = pin(parsed, t, unsafe).toString();
    if (unsafe[0]) {
      return List.of();
    }
    long[] times = t == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * t, 0, t / 5, t, 10 * t};
    List<Case> out = new ArrayList<>();
    for (long et : times) {
      out.add(new Case(pinned, et));
    }
    return out;
  }

  private static Expr pin(Expr e, long t, boolean[] unsafe) {
    AtModifier at = AtModifier.timestamp(t);
    if (e instanceof VectorSelector vs) {
      return vs.at() != null ? vs : withAt(vs, at);
    } else if (e instanceof MatrixSelector ms) {
      VectorSelector vs = ms.vectorSelector();
      return vs.at() != null ? ms : new MatrixSelector(withAt(vs, at), ms.range(), ms.rangeExpr(), ms.endPos());
    } else if (e instanceof SubqueryExpr sq) {
      // Pinned as a whole: what is inside keeps its own times.
      if (sq.at() != null) {
        return sq;
      }
      return new SubqueryExpr(sq.expr(), sq.range(), sq.rangeExpr(), sq.step(), sq.stepExpr(),
          sq.offset(), sq.offsetExpr(), at, sq.endPos());
    } else if (e instanceof ParenExpr p) {
      return new ParenExpr(pin(p.expr(), t, unsafe), p.position());
    } else if (e instanceof UnaryExpr u) {
      return new UnaryExpr(u.op(), pin(u.expr(), t, unsafe), u.startPos());
    } else if (e instanceof BinaryExpr b) {
      return new BinaryExpr(b.op(), pin(b.lhs(), t, unsafe), pin(b.rhs(), t, unsafe), b.matching(), b.returnBool());
    } else if (e instanceof AggregateExpr a) {
      return new AggregateExpr(a.op(), pin(a.expr(), t, unsafe), a.param() == null ? null : pin(a.param(), t, unsafe),
          a.grouping(), a.without(), a.position());
    } else if (e instanceof Call c) {
      unsafe[0] |= UNSAFE.contains(c.function().name());
      List<Expr> args = new ArrayList<>();
      for (Expr arg : c.args()) {
        args.add(pin(arg, t, unsafe));
      }
      return new Call(c.function(), args, c.position());
    }
    return e;
  }

  private static VectorSelector withAt(VectorSelector vs, AtModifier at) {
    return new VectorSelector(vs.name(), vs.matchers(), vs.offset(), vs.offsetExpr(), at, vs.anchored(), vs.smoothed(),
        vs.bypassEmptyMatcherCheck(), vs.position());
  }
}
