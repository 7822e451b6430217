package io.pipescope.query.promql.parser;

import io.pipescope.store.LabelMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The label matchers of every vector selector in an expression (Prometheus's parser.ExtractSelectors). */
public final class Selectors {
  private Selectors() {}

  /** One matcher set per selector, in the order they appear; the metric name as a {@code __name__} matcher. */
  public static List<List<LabelMatcher>> extract(Expr expr) {
    List<List<LabelMatcher>> out = new ArrayList<>();
    // Iterative: chains such as a + b + c ... can be deeper than the stack.
    Deque<Expr> todo = new ArrayDeque<>();
    todo.push(expr);
    while (!todo.isEmpty()) {
      Expr e = todo.pop();
      if (e instanceof VectorSelector vs) {
        out.add(matchers(vs));
      } else if (e instanceof MatrixSelector ms) {
        out.add(matchers(ms.vectorSelector()));
      } else if (e instanceof AggregateExpr a) {
        if (a.param() != null) {
          todo.push(a.param());
        }
        todo.push(a.expr());
      } else if (e instanceof BinaryExpr b) {
        todo.push(b.rhs());
        todo.push(b.lhs());
      } else if (e instanceof Call c) {
        for (int i = c.args().size() - 1; i >= 0; i--) {
          todo.push(c.args().get(i));
        }
      } else if (e instanceof ParenExpr p) {
        todo.push(p.expr());
      } else if (e instanceof SubqueryExpr s) {
        todo.push(s.expr());
      } else if (e instanceof UnaryExpr u) {
        todo.push(u.expr());
      }
    }
    return out;
  }

  private static List<LabelMatcher> matchers(VectorSelector vs) {
    List<LabelMatcher> m = new ArrayList<>(vs.matchers());
    if (vs.name() != null && m.stream().noneMatch(x -> x.name().equals("__name__"))) {
      m.add(LabelMatcher.equal("__name__", vs.name()));
    }
    return m;
  }
}
