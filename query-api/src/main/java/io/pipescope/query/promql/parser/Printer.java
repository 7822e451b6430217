package io.pipescope.query.promql.parser;

import io.pipescope.store.LabelMatcher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Prints expressions back as PromQL, as Prometheus's {@code printer.go} does: canonical spacing,
 * lower-case keywords, sorted matchers, durations and numbers in their shortest form. The API's
 * {@code format_query} and the test scripts' expected messages depend on this exact text.
 */
final class Printer {
  private Printer() {}

  static String print(Expr e) {
    StringBuilder b = new StringBuilder();
    write(b, e);
    return b.toString();
  }

  private static void write(StringBuilder b, Expr e) {
    if (e instanceof AggregateExpr a) {
      writeAggregate(b, a);
    } else if (e instanceof BinaryExpr bin) {
      writeBinary(b, bin);
    } else if (e instanceof Call c) {
      writeCall(b, c);
    } else if (e instanceof DurationExpr d) {
      writeDuration(b, d);
    } else if (e instanceof MatrixSelector m) {
      writeMatrix(b, m);
    } else if (e instanceof NumberLiteral n) {
      b.append(n.duration() ? durationOf(n.value()) : NumberLiterals.format(n.value()));
    } else if (e instanceof ParenExpr p) {
      b.append('(');
      write(b, p.expr());
      b.append(')');
    } else if (e instanceof StringLiteral s) {
      b.append(GoStrings.quote(s.value()));
    } else if (e instanceof SubqueryExpr s) {
      writeSubquery(b, s);
    } else if (e instanceof UnaryExpr u) {
      b.append(u.op());
      write(b, u.expr());
    } else if (e instanceof VectorSelector v) {
      writeVectorSelector(b, v, true);
    }
  }

  private static void writeAggregate(StringBuilder b, AggregateExpr a) {
    b.append(a.op());
    if (a.without()) {
      b.append(" without (");
      writeLabels(b, a.grouping());
      b.append(") ");
    } else if (!a.grouping().isEmpty()) {
      b.append(" by (");
      writeLabels(b, a.grouping());
      b.append(") ");
    }
    b.append('(');
    if (a.op().isAggregatorWithParam()) {
      write(b, a.param());
      b.append(", ");
    }
    write(b, a.expr());
    b.append(')');
  }

  /** Long chains nest to the left; they are printed in a loop rather than by recursion. */
  private static void writeBinary(StringBuilder b, BinaryExpr top) {
    Deque<BinaryExpr> spine = new ArrayDeque<>();
    Expr e = top;
    while (e instanceof BinaryExpr bin) {
      spine.push(bin);
      e = bin.lhs();
    }
    write(b, e);
    while (!spine.isEmpty()) {
      BinaryExpr bin = spine.pop();
      writeOperator(b, bin);
      write(b, bin.rhs());
    }
  }

  private static void writeOperator(StringBuilder b, BinaryExpr e) {
    b.append(' ').append(e.op());
    if (e.returnBool()) {
      b.append(" bool");
    }
    VectorMatching vm = e.matching();
    if (vm != null) {
      boolean grouped = vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
          || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY;
      if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
        b.append(vm.on() ? " on (" : " ignoring (");
        writeLabels(b, vm.matchingLabels());
        b.append(')');
      }
      if (grouped) {
        b.append(vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
        writeLabels(b, vm.include());
        b.append(')');
      }
    }
    b.append(' ');
  }

  private static void writeCall(StringBuilder b, Call c) {
    b.append(c.function().name()).append('(');
    for (int i = 0; i < c.args().size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      write(b, c.args().get(i));
    }
    b.append(')');
  }

  private static void writeDuration(StringBuilder b, DurationExpr d) {
    if (d.wrapped()) {
      b.append('(');
    }
    switch (d.op()) {
      case STEP -> b.append("step()");
      case RANGE -> b.append("range()");
      case MIN_OF, MAX_OF -> {
        b.append(d.op().toString()).append('(');
        write(b, d.lhs());
        b.append(", ");
        write(b, d.rhs());
        b.append(')');
      }
      default -> {
        if (d.lhs() == null) {
          if (d.op() == ItemType.SUB) {
            b.append('-');
          }
          write(b, d.rhs());
        } else {
          write(b, d.lhs());
          b.append(' ').append(d.op()).append(' ');
          write(b, d.rhs());
        }
      }
    }
    if (d.wrapped()) {
      b.append(')');
    }
  }

  private static void writeMatrix(StringBuilder b, MatrixSelector m) {
    VectorSelector vs = m.vectorSelector();
    writeVectorSelector(b, vs, false);
    b.append('[');
    if (m.rangeExpr() != null) {
      write(b, m.rangeExpr());
    } else {
      b.append(Durations.format(m.range()));
    }
    b.append(']');
    writeAnchoredSmoothed(b, vs);
    writeAt(b, vs.at());
    writeOffset(b, vs.offset(), vs.offsetExpr());
  }

  private static void writeSubquery(StringBuilder b, SubqueryExpr s) {
    write(b, s.expr());
    b.append('[');
    if (s.rangeExpr() != null) {
      write(b, s.rangeExpr());
    } else {
      b.append(Durations.format(s.range()));
    }
    b.append(':');
    if (!s.step().isZero()) {
      b.append(Durations.format(s.step()));
    } else if (s.stepExpr() != null) {
      write(b, s.stepExpr());
    }
    b.append(']');
    writeAt(b, s.at());
    writeOffset(b, s.offset(), s.offsetExpr());
  }

  private static void writeVectorSelector(StringBuilder b, VectorSelector v, boolean withModifiers) {
    List<String> matchers = new ArrayList<>(v.matchers().size());
    for (LabelMatcher m : v.matchers()) {
      // The name written before the braces is printed there, not as a matcher.
      boolean isName = m.name().equals("__name__") && m.type() == LabelMatcher.Type.EQUAL
          && m.value().equals(v.name()) && !m.value().isEmpty();
      if (!isName) {
        matchers.add(matcher(m));
      }
    }
    b.append(v.name());
    if (!matchers.isEmpty()) {
      Collections.sort(matchers);
      b.append('{').append(String.join(",", matchers)).append('}');
    }
    if (withModifiers) {
      writeAt(b, v.at());
      writeAnchoredSmoothed(b, v);
      writeOffset(b, v.offset(), v.offsetExpr());
    }
  }

  /** A matcher as {@code labels.Matcher.String()} writes it: the name quoted unless a plain identifier. */
  static String matcher(LabelMatcher m) {
    String name = m.name();
    return (isPlainLabelName(name) ? name : GoStrings.quote(name)) + m.type().operator() + GoStrings.quote(m.value());
  }

  private static void writeAt(StringBuilder b, AtModifier at) {
    if (at == null) {
      return;
    }
    switch (at.kind()) {
      case START -> b.append(" @ start()");
      case END -> b.append(" @ end()");
      case TIMESTAMP -> b.append(" @ ").append(String.format(Locale.ROOT, "%.3f", at.timestampMillis() / 1000.0));
    }
  }

  private static void writeAnchoredSmoothed(StringBuilder b, VectorSelector v) {
    if (v.anchored()) {
      b.append(" anchored");
    } else if (v.smoothed()) {
      b.append(" smoothed");
    }
  }

  private static void writeOffset(StringBuilder b, Duration offset, DurationExpr offsetExpr) {
    if (offsetExpr != null) {
      b.append(" offset ");
      write(b, offsetExpr);
    } else if (offset.isNegative()) {
      b.append(" offset -").append(Durations.format(offset.negated()));
    } else if (!offset.isZero()) {
      b.append(" offset ").append(Durations.format(offset));
    }
  }

  private static void writeLabels(StringBuilder b, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      String l = labels.get(i);
      b.append(isPlainLabelName(l) ? l : GoStrings.quote(l));
    }
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, the names that need no quotes. */
  static boolean isPlainLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A number written as a duration: {@code model.Duration(v * 1e9)}, so whole milliseconds. */
  private static String durationOf(double seconds) {
    if (seconds < 0) {
      return "-" + Durations.format(Duration.ofNanos((long) (-seconds * 1e9)));
    }
    return Durations.format(Duration.ofNanos((long) (seconds * 1e9)));
  }
}
