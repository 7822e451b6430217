package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.BinaryExpr;
import io.pipescope.query.promql.parser.ItemType;
import io.pipescope.query.promql.parser.VectorMatching;
import io.pipescope.query.promql.parser.VectorMatching.Cardinality;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Binary operators between scalars and vectors, with vector matching (Prometheus's VectorBinop). */
final class BinaryOps {
  private BinaryOps() {}

  /** The outcome of one operation: the value and whether a comparison keeps the element. */
  record Result(double value, boolean keep) {}

  static Value eval(Evaluator ev, BinaryExpr b, long t) {
    Value lhs = ev.eval(b.lhs(), t);
    Value rhs = ev.eval(b.rhs(), t);
    ItemType op = b.op();
    if (lhs instanceof Scalar l && rhs instanceof Scalar r) {
      Result res = apply(op, l.v(), r.v());
      double v = op.isComparisonOperator() ? (res.keep ? 1 : 0) : res.value;
      return new Scalar(t, v);
    }
    if (lhs instanceof Vector l && rhs instanceof Vector r) {
      VectorMatching m = b.matching() != null ? b.matching()
          : new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
      return switch (op) {
        case LAND -> and(l, r, m, true);
        case LUNLESS -> and(l, r, m, false);
        case LOR -> or(l, r, m);
        default -> vectorBinop(op, l, r, m, b.returnBool(), t);
      };
    }
    if (lhs instanceof Vector l) {
      return vectorScalar(op, l, ((Scalar) rhs).v(), false, b.returnBool(), t);
    }
    return vectorScalar(op, (Vector) rhs, ((Scalar) lhs).v(), true, b.returnBool(), t);
  }

  static Result apply(ItemType op, double l, double r) {
    return switch (op) {
      case ADD -> new Result(l + r, true);
      case SUB -> new Result(l - r, true);
      case MUL -> new Result(l * r, true);
      case DIV -> new Result(l / r, true);
      case POW -> new Result(MathFunctions.goPow(l, r), true);
      case MOD -> new Result(l % r, true);
      case ATAN2 -> new Result(Math.atan2(l, r), true);
      case EQLC -> new Result(l, l == r);
      case NEQ -> new Result(l, l != r);
      case GTR -> new Result(l, l > r);
      case LSS -> new Result(l, l < r);
      case GTE -> new Result(l, l >= r);
      case LTE -> new Result(l, l <= r);
      // The trim operators (</, >/) act on native histograms, which the engine does not have.
      default -> throw new PromqlException("operator \"" + op + "\" is not supported yet");
    };
  }

  private static Vector vectorScalar(ItemType op, Vector vec, double scalar, boolean scalarLeft, boolean returnBool,
      long t) {
    Vector out = new Vector();
    boolean comparison = op.isComparisonOperator();
    for (Sample s : vec) {
      double l = scalarLeft ? scalar : s.v();
      double r = scalarLeft ? s.v() : scalar;
      Result res = apply(op, l, r);
      double v = res.value;
      // A comparison keeps the vector's value, even with the scalar on the left.
      if (comparison && scalarLeft) {
        v = r;
      }
      if (returnBool) {
        v = res.keep ? 1 : 0;
      } else if (!res.keep) {
        continue;
      }
      boolean dropName = s.dropName() || !comparison || returnBool;
      out.add(new Sample(s.labels(), t, v, dropName));
    }
    return out;
  }

  /** The labels two elements are matched on: those of {@code on}, or all but {@code ignoring}'s and the name. */
  static Labels signature(Labels l, VectorMatching m) {
    TreeMap<String, String> kept = new TreeMap<>();
    Set<String> names = new HashSet<>(m.matchingLabels());
    for (int i = 0; i < l.size(); i++) {
      String n = l.name(i);
      boolean in = names.contains(n);
      if (m.on() ? in : !in && !n.equals("__name__")) {
        kept.put(n, l.value(i));
      }
    }
    return Labels.from(kept);
  }

  private static Vector vectorBinop(ItemType op, Vector lhs, Vector rhs, VectorMatching m, boolean returnBool,
      long t) {
    Vector out = new Vector();
    if (lhs.isEmpty() || rhs.isEmpty()) {
      return out;
    }
    boolean swapped = m.card() == Cardinality.ONE_TO_MANY;
    if (swapped) {
      Vector tmp = lhs;
      lhs = rhs;
      rhs = tmp;
    }
    Map<Labels, Sample> right = new HashMap<>();
    for (Sample rs : rhs) {
      Labels sig = signature(rs.labels(), m);
      Sample dup = right.put(sig, rs);
      if (dup != null) {
        throw PromqlException.of("found duplicate series for the match group %s on the %s hand-side of the operation:"
            + " [%s, %s];many-to-many matching not allowed: matching labels must be unique on one side",
            matchLabels(rs.labels(), m), swapped ? "left" : "right", dup.labels(), rs.labels());
      }
    }
    Map<Labels, Set<Labels>> matched = new HashMap<>();
    boolean comparison = op.isComparisonOperator();
    for (Sample ls : lhs) {
      Labels sig = signature(ls.labels(), m);
      Sample rs = right.get(sig);
      if (rs == null) {
        continue;
      }
      double l = swapped ? rs.v() : ls.v();
      double r = swapped ? ls.v() : rs.v();
      Labels metric = resultMetric(ls.labels(), rs.labels(), m);
      // Matches are counted before comparisons filter, so that the error does not depend on values.
      Set<Labels> inserted = matched.get(sig);
      if (m.card() == Cardinality.ONE_TO_ONE) {
        if (inserted != null) {
          throw new PromqlException(
              "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        }
        matched.put(sig, Set.of());
      } else {
        if (inserted == null) {
          inserted = new HashSet<>();
          matched.put(sig, inserted);
        }
        if (!inserted.add(metric)) {
          throw new PromqlException("multiple matches for labels: grouping labels must ensure unique results");
        }
      }
      Result res = apply(op, l, r);
      double v = res.value;
      if (returnBool) {
        v = res.keep ? 1 : 0;
      } else if (!res.keep) {
        continue;
      }
      boolean dropName = returnBool || !comparison || ls.dropName();
      out.add(new Sample(metric, t, v, dropName));
    }
    return out;
  }

  private static Labels matchLabels(Labels l, VectorMatching m) {
    TreeMap<String, String> kept = new TreeMap<>();
    Set<String> names = new HashSet<>(m.matchingLabels());
    for (int i = 0; i < l.size(); i++) {
      boolean in = names.contains(l.name(i));
      if (m.on() ? in : !in && !l.name(i).equals("__name__")) {
        kept.put(l.name(i), l.value(i));
      }
    }
    return Labels.from(kept);
  }

  private static Labels resultMetric(Labels lhs, Labels rhs, VectorMatching m) {
    TreeMap<String, String> b = new TreeMap<>();
    for (int i = 0; i < lhs.size(); i++) {
      b.put(lhs.name(i), lhs.value(i));
    }
    if (m.card() == Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        b.keySet().retainAll(new HashSet<>(m.matchingLabels()));
      } else {
        m.matchingLabels().forEach(b::remove);
      }
    }
    for (String n : m.include()) {
      String v = rhs.get(n);
      if (v != null && !v.isEmpty()) {
        b.put(n, v);
      } else {
        b.remove(n);
      }
    }
    return Labels.from(b);
  }

  private static Vector and(Vector lhs, Vector rhs, VectorMatching m, boolean keepMatching) {
    Set<Labels> right = new HashSet<>();
    for (Sample s : rhs) {
      right.add(signature(s.labels(), m));
    }
    Vector out = new Vector();
    for (Sample s : lhs) {
      if (right.contains(signature(s.labels(), m)) == keepMatching) {
        out.add(s);
      }
    }
    return out;
  }

  private static Vector or(Vector lhs, Vector rhs, VectorMatching m) {
    Set<Labels> left = new HashSet<>();
    Vector out = new Vector();
    for (Sample s : lhs) {
      left.add(signature(s.labels(), m));
      out.add(s);
    }
    for (Sample s : rhs) {
      if (!left.contains(signature(s.labels(), m))) {
        out.add(s);
      }
    }
    return out;
  }
}
