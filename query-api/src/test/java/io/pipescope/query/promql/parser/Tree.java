package io.pipescope.query.promql.parser;

import java.util.stream.Collectors;

/**
 * An expression as a parenthesised prefix tree, so that tests see how it was grouped:
 * {@code 1 + 2 * 3} is {@code (+ 1 (* 2 3))}. Selectors, literals and duration expressions appear
 * as they print. Vector matching shows as {@code 1:1}, {@code n:1}, {@code 1:n} or {@code n:n}
 * with its labels; a binary operation without it (a scalar side) shows none.
 */
final class Tree {
  private Tree() {}

  static String of(Expr e) {
    if (e instanceof BinaryExpr b) {
      return "(" + b.op() + (b.returnBool() ? " bool" : "") + matching(b.matching()) + " " + of(b.lhs()) + " "
          + of(b.rhs()) + ")";
    }
    if (e instanceof UnaryExpr u) {
      return "(" + u.op() + " " + of(u.expr()) + ")";
    }
    if (e instanceof ParenExpr p) {
      return "(paren " + of(p.expr()) + ")";
    }
    if (e instanceof Call c) {
      return "(" + c.function().name() + c.args().stream().map(a -> " " + of(a)).collect(Collectors.joining()) + ")";
    }
    if (e instanceof AggregateExpr a) {
      String grouping = a.without() ? " without(" + String.join(",", a.grouping()) + ")"
          : a.grouping().isEmpty() ? "" : " by(" + String.join(",", a.grouping()) + ")";
      return "(" + a.op() + grouping + (a.param() == null ? "" : " " + of(a.param())) + " " + of(a.expr()) + ")";
    }
    if (e instanceof SubqueryExpr s) {
      String suffix = s.toString().substring(s.expr().toString().length());
      return "(subquery " + of(s.expr()) + " " + suffix + ")";
    }
    return e.toString();
  }

  private static String matching(VectorMatching vm) {
    if (vm == null) {
      return "";
    }
    String card = switch (vm.card()) {
      case ONE_TO_ONE -> "1:1";
      case MANY_TO_ONE -> "n:1";
      case ONE_TO_MANY -> "1:n";
      case MANY_TO_MANY -> "n:n";
    };
    String labels = vm.on() ? " on(" + String.join(",", vm.matchingLabels()) + ")"
        : vm.matchingLabels().isEmpty() ? "" : " ignoring(" + String.join(",", vm.matchingLabels()) + ")";
    String include = vm.include().isEmpty() ? "" : " include(" + String.join(",", vm.include()) + ")";
    return " " + card + labels + include;
  }
}
