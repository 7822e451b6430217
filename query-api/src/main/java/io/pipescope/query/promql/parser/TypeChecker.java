package io.pipescope.query.promql.parser;

import io.pipescope.store.LabelMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Type-checks a parsed expression as Prometheus's {@code checkAST} does, collecting every error,
 * and returns the expression normalised the same way: set operations match many-to-many, vector
 * matching is dropped where a side is a scalar, info()'s label selector may match everything.
 */
final class TypeChecker {
  private final String query;
  private final List<ParseError> errors = new ArrayList<>();

  TypeChecker(String query) {
    this.query = query;
  }

  List<ParseError> errors() {
    return errors;
  }

  Expr check(Expr e) {
    if (e instanceof AggregateExpr a) {
      return aggregate(a);
    } else if (e instanceof BinaryExpr b) {
      return binary(b);
    } else if (e instanceof Call c) {
      return call(c);
    } else if (e instanceof ParenExpr || e instanceof UnaryExpr || e instanceof SubqueryExpr) {
      return wrappers(e);
    } else if (e instanceof MatrixSelector m) {
      vectorSelector(m.vectorSelector());
      return m;
    } else if (e instanceof VectorSelector v) {
      vectorSelector(v);
      return v;
    }
    return e; // Literals and duration expressions have nothing to check.
  }

  /**
   * Parentheses, signs and subqueries around one expression, innermost first. They can nest
   * thousands deep ({@code x[1m:][1m:]...}), so the chain is walked in a loop.
   */
  private Expr wrappers(Expr top) {
    Deque<Expr> chain = new ArrayDeque<>();
    Expr e = top;
    while (true) {
      if (e instanceof ParenExpr p) {
        chain.push(p);
        e = p.expr();
      } else if (e instanceof UnaryExpr u) {
        chain.push(u);
        e = u.expr();
      } else if (e instanceof SubqueryExpr s) {
        chain.push(s);
        e = s.expr();
      } else {
        break;
      }
    }
    Expr inner = check(e);
    while (!chain.isEmpty()) {
      inner = rewrap(chain.pop(), inner);
    }
    return inner;
  }

  private Expr rewrap(Expr wrapper, Expr inner) {
    if (wrapper instanceof ParenExpr p) {
      return new ParenExpr(inner, p.position());
    }
    if (wrapper instanceof UnaryExpr u) {
      if (inner.type() != ValueType.SCALAR && inner.type() != ValueType.VECTOR) {
        error(u.positionRange(), "unary expression only allowed on expressions of type scalar or instant vector, got "
            + GoStrings.quote(inner.type().documentedName()));
      }
      return new UnaryExpr(u.op(), inner, u.startPos());
    }
    SubqueryExpr s = (SubqueryExpr) wrapper;
    if (inner.type() != ValueType.VECTOR) {
      error(s.positionRange(), "subquery is only allowed on instant vector, got " + inner.type() + " instead");
    }
    return s.withExpr(inner);
  }

  private Expr aggregate(AggregateExpr a) {
    Expr expr = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
    Expr param = a.param();
    switch (a.op()) {
      case TOPK, BOTTOMK, QUANTILE, LIMITK, LIMIT_RATIO ->
          param = expectType(param, ValueType.SCALAR, "aggregation parameter");
      case COUNT_VALUES -> param = expectType(param, ValueType.STRING, "aggregation parameter");
      default -> { }
    }
    return new AggregateExpr(a.op(), expr, param, a.grouping(), a.without(), a.position());
  }

  private Expr expectType(Expr e, ValueType want, String context) {
    Expr checked = check(e);
    if (checked.type() != want) {
      error(e.positionRange(), "expected type " + want.documentedName() + " in " + context + ", got "
          + checked.type().documentedName());
    }
    return checked;
  }

  /**
   * Left operands first, as Prometheus checks them. A long chain ({@code a - b - c ...}) nests to
   * the left, so the chain is walked in a loop rather than by recursion.
   */
  private Expr binary(BinaryExpr top) {
    Deque<BinaryExpr> spine = new ArrayDeque<>();
    Expr e = top;
    while (e instanceof BinaryExpr b) {
      spine.push(b);
      e = b.lhs();
    }
    Expr lhs = check(e);
    ValueType lt = lhs.type();
    while (!spine.isEmpty()) {
      BinaryExpr b = binary(spine.pop(), lhs, lt);
      lt = lt == ValueType.SCALAR && b.rhs().type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
      lhs = b;
    }
    return lhs;
  }

  /** One operation of the chain, its left side checked already and of type {@code lt}. */
  private BinaryExpr binary(BinaryExpr b, Expr lhs, ValueType lt) {
    Expr rhs = check(b.rhs());
    ValueType rt = rhs.type();
    ItemType op = b.op();
    VectorMatching vm = b.matching();
    if (b.returnBool() && !op.isComparisonOperator()) {
      error(operatorRange(b), "bool modifier can only be used on comparison operators");
    }
    if (op.isComparisonOperator() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      error(operatorRange(b), "comparisons between scalars must use BOOL modifier");
    }
    if (op.isSetOperator() && vm.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
      vm = vm.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
    }
    if (vm.on()) {
      for (String label : vm.matchingLabels()) {
        if (vm.include().contains(label)) {
          error(operatorRange(b), "label " + GoStrings.quote(label) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      error(lhs.positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      error(rhs.positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!vm.matchingLabels().isEmpty()) {
        error(b.positionRange(), "vector matching only allowed between instant vectors");
      }
      vm = null;
    } else if (op.isSetOperator()) {
      if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY || vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
        error(b.positionRange(), "no grouping allowed for " + GoStrings.quote(op.toString()) + " operation");
      }
      if (vm.card() != VectorMatching.Cardinality.MANY_TO_MANY) {
        error(b.positionRange(), "set operations must always be many-to-many");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
      error(b.positionRange(), "set operator " + GoStrings.quote(op.toString()) + " not allowed in binary scalar expression");
    }
    return new BinaryExpr(op, lhs, rhs, vm, b.returnBool());
  }

  /** The operator with its modifiers: from the end of the left side to the start of the right, spaces trimmed. */
  private PositionRange operatorRange(BinaryExpr b) {
    int start = b.lhs().positionRange().end();
    while (start < query.length() && Lexer.isSpace(query.charAt(start))) {
      start++;
    }
    // As Prometheus computes it: the end lands on the operator's last character, not past it.
    int end = b.rhs().positionRange().start() - 1;
    while (end > start && Lexer.isSpace(query.charAt(end))) {
      end--;
    }
    return new PositionRange(start, end);
  }

  private Expr call(Call c) {
    Function f = c.function();
    List<Expr> args = new ArrayList<>(c.args());
    int declared = f.argTypes().size();
    String name = GoStrings.quote(f.name());
    if (f.variadic() == 0) {
      if (declared != args.size()) {
        error(c.positionRange(), "expected " + declared + " argument(s) in call to " + name + ", got " + args.size());
      }
    } else {
      int required = declared - 1;
      if (required > args.size()) {
        error(c.positionRange(), "expected at least " + required + " argument(s) in call to " + name + ", got " + args.size());
      } else if (f.variadic() > 0 && required + f.variadic() < args.size()) {
        error(c.positionRange(), "expected at most " + (required + f.variadic()) + " argument(s) in call to " + name
            + ", got " + args.size());
      }
    }
    if (f.name().equals("info") && args.size() > 1) {
      Expr selector = args.get(1);
      if (selector.type() != ValueType.VECTOR) {
        error(c.positionRange(), "expected type instant vector in call to function \"info\", got "
            + selector.type().documentedName());
      }
      if (selector instanceof VectorSelector vs && !vs.name().isEmpty()) {
        error(selector.positionRange(), "expected label selectors only, got vector selector instead");
      } else if (selector instanceof VectorSelector vs) {
        args.set(1, vs.withBypassEmptyMatcherCheck()); // info() may select all info metrics.
      } else {
        error(selector.positionRange(), "expected label selectors only");
      }
    }
    for (int i = 0; i < args.size(); i++) {
      if (i >= declared && f.variadic() == 0) {
        break; // Extra arguments were reported above; their types are not checked.
      }
      ValueType want = f.argTypes().get(Math.min(i, declared - 1));
      Expr arg = check(args.get(i));
      args.set(i, arg);
      if (arg.type() != want) {
        error(arg.positionRange(), "expected type " + want.documentedName() + " in call to function " + name
            + ", got " + arg.type().documentedName());
      }
    }
    return new Call(f, args, c.position());
  }

  private void vectorSelector(VectorSelector v) {
    if (!v.name().isEmpty()) {
      // The last matcher is the name written before the braces; none before it may name the metric.
      List<LabelMatcher> matchers = v.matchers();
      for (LabelMatcher m : matchers.subList(0, matchers.size() - 1)) {
        if (m.name().equals("__name__")) {
          error(v.positionRange(), "metric name must not be set twice: " + GoStrings.quote(v.name()) + " or "
              + GoStrings.quote(m.value()));
        }
      }
      return;
    }
    if (!v.bypassEmptyMatcherCheck() && v.matchers().stream().allMatch(LabelMatcher::matchesEmpty)) {
      // Otherwise a typo could select every series.
      error(v.positionRange(), "vector selector must contain at least one non-empty matcher");
    }
  }

  private void error(PositionRange range, String message) {
    errors.add(new ParseError(range, message, query));
  }
}
