package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.AggregateExpr;
import io.pipescope.query.promql.parser.GoStrings;
import io.pipescope.query.promql.parser.ItemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The aggregation operators (Prometheus's engine.go aggregation and aggregationK). */
final class Aggregations {
  private Aggregations() {}

  /** NaN sorts below every number, as vectorByValueHeap.Less has it. */
  static final Comparator<Sample> BY_VALUE = (a, b) -> {
    if (Double.isNaN(a.v())) {
      return Double.isNaN(b.v()) ? 0 : -1;
    }
    if (Double.isNaN(b.v())) {
      return 1;
    }
    return Double.compare(a.v() == 0 ? 0.0 : a.v(), b.v() == 0 ? 0.0 : b.v());
  };

  /** Running state of one group. */
  private static final class Group {
    final Labels labels;
    final List<Sample> samples = new ArrayList<>();

    Group(Labels labels) {
      this.labels = labels;
    }
  }

  static Vector eval(Evaluator ev, AggregateExpr a, long t) {
    ItemType op = a.op();
    double param = Double.NaN;
    String stringParam = null;
    if (a.param() != null) {
      Value p = ev.eval(a.param(), t);
      if (p instanceof StringValue s) {
        stringParam = s.v();
      } else {
        param = ((Scalar) p).v();
      }
    }
    Vector input = ev.evalVector(a.expr(), t);
    List<String> grouping = new ArrayList<>(a.grouping());
    if (op == ItemType.COUNT_VALUES) {
      if (!validLabelName(stringParam)) {
        throw new PromqlException("invalid label name " + GoStrings.quote(stringParam));
      }
      if (!a.without()) {
        grouping.add(stringParam);
      }
      Vector relabeled = new Vector();
      for (Sample s : input) {
        relabeled.add(new Sample(s.labels().with(stringParam, ValueFormat.number(s.v())), t, s.v()));
      }
      input = relabeled;
      op = ItemType.COUNT;
    }
    if (op == ItemType.QUANTILE && (Double.isNaN(param) || param < 0 || param > 1)) {
      ev.annotations.warn("quantile value should be between 0 and 1, got " + ValueFormat.number(param),
          a.param().positionRange());
    }
    Set<String> names = new HashSet<>(grouping);
    Map<Labels, Group> groups = new LinkedHashMap<>();
    Map<Labels, Labels> keys = ev.groupKeys(a, input.size());
    for (Sample s : input) {
      Labels key = keys.get(s.labels());
      if (key == null) {
        key = groupLabels(s.labels(), names, a.without());
        keys.put(s.labels(), key);
      }
      groups.computeIfAbsent(key, Group::new).samples.add(s);
    }
    Vector out = new Vector();
    switch (op) {
      case TOPK, BOTTOMK, LIMITK -> {
        if (Double.isNaN(param)) {
          throw new PromqlException("Parameter value is NaN");
        }
        long k = param >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) param;
        if (k < 1) {
          return out;
        }
        for (Group g : groups.values()) {
          out.addAll(selectK(op, g.samples, k, t));
        }
        return out;
      }
      case LIMIT_RATIO -> {
        if (Double.isNaN(param)) {
          throw new PromqlException("Ratio value is NaN");
        }
        double ratio = param;
        if (ratio == 0) {
          return out;
        }
        if (ratio < -1 || ratio > 1) {
          double capped = ratio < -1 ? -1 : 1;
          ev.annotations.warn("ratio value should be between -1 and 1, got " + ValueFormat.number(ratio)
              + ", capping to " + ValueFormat.number(capped), a.param().positionRange());
          ratio = capped;
        }
        // A series is in when its label hash falls below the ratio (or above 1 + ratio when negative).
        for (Group g : groups.values()) {
          for (Sample s : g.samples) {
            double offset = LabelsHash.unitFraction(s.labels());
            if ((ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio)) {
              out.add(new Sample(s.labels(), t, s.v(), s.dropName()));
            }
          }
        }
        return out;
      }
      default -> { }
    }
    for (Group g : groups.values()) {
      out.add(new Sample(g.labels, t, aggregate(op, g, param), g.samples.stream().anyMatch(Sample::dropName)));
    }
    return out;
  }

  private static List<Sample> selectK(ItemType op, List<Sample> samples, long k, long t) {
    List<Sample> out = new ArrayList<>();
    if (op == ItemType.LIMITK) {
      for (int i = 0; i < samples.size() && i < k; i++) {
        out.add(samples.get(i));
      }
      return out;
    }
    // Keeps the k largest (topk) or smallest (bottomk), earlier elements winning ties, as the heap does.
    Comparator<Sample> order = op == ItemType.TOPK ? BY_VALUE : BY_VALUE.reversed();
    List<Sample> kept = new ArrayList<>();
    for (Sample s : samples) {
      if (kept.size() < k) {
        kept.add(s);
        continue;
      }
      int worst = 0;
      for (int i = 1; i < kept.size(); i++) {
        if (order.compare(kept.get(i), kept.get(worst)) < 0) {
          worst = i;
        }
      }
      Sample w = kept.get(worst);
      boolean better = op == ItemType.TOPK
          ? w.v() < s.v() || (Double.isNaN(w.v()) && !Double.isNaN(s.v()))
          : w.v() > s.v() || (Double.isNaN(w.v()) && !Double.isNaN(s.v()));
      if (better) {
        kept.remove(worst);
        kept.add(s);
      }
    }
    // Largest first for topk, smallest first for bottomk; NaN last in both.
    kept.sort((a, b) -> {
      boolean na = Double.isNaN(a.v());
      boolean nb = Double.isNaN(b.v());
      if (na || nb) {
        return Boolean.compare(na, nb);
      }
      return op == ItemType.TOPK ? Double.compare(b.v(), a.v()) : Double.compare(a.v(), b.v());
    });
    for (Sample s : kept) {
      out.add(new Sample(s.labels(), t, s.v(), s.dropName()));
    }
    return out;
  }

  private static double aggregate(ItemType op, Group g, double param) {
    List<Sample> samples = g.samples;
    switch (op) {
      case SUM -> {
        double sum = 0;
        double c = 0;
        for (Sample s : samples) {
          double[] r = kahanSumInc(s.v(), sum, c);
          sum = r[0];
          c = r[1];
        }
        return sum + c;
      }
      case AVG -> {
        return avg(g);
      }
      case COUNT -> {
        return samples.size();
      }
      case GROUP -> {
        return 1;
      }
      case MIN -> {
        double v = samples.get(0).v();
        for (Sample s : samples) {
          if (v > s.v() || Double.isNaN(v)) {
            v = s.v();
          }
        }
        return v;
      }
      case MAX -> {
        double v = samples.get(0).v();
        for (Sample s : samples) {
          if (v < s.v() || Double.isNaN(v)) {
            v = s.v();
          }
        }
        return v;
      }
      case STDDEV, STDVAR -> {
        double count = 0;
        double mean = 0;
        double m2 = 0;
        double meanC = 0;
        double m2C = 0;
        for (Sample s : samples) {
          count++;
          double delta = s.v() - (mean + meanC);
          double[] r = kahanSumInc(delta / count, mean, meanC);
          mean = r[0];
          meanC = r[1];
          double[] r2 = kahanSumInc(delta * (s.v() - (mean + meanC)), m2, m2C);
          m2 = r2[0];
          m2C = r2[1];
        }
        double var = (m2 + m2C) / count;
        return op == ItemType.STDDEV ? Math.sqrt(var) : var;
      }
      case QUANTILE -> {
        double[] vals = new double[samples.size()];
        for (int i = 0; i < vals.length; i++) {
          vals[i] = samples.get(i).v();
        }
        return MathFunctions.quantile(param, vals);
      }
      default -> throw new PromqlException("unsupported aggregation " + op);
    }
  }

  private static double avg(Group g) {
    Mean mean = new Mean();
    for (Sample s : g.samples) {
      mean.add(s.v());
    }
    return mean.result();
  }

  /**
   * A mean by Kahan summation of the values, switching to an incremental mean once the sum would
   * overflow (avg and avg_over_time in Prometheus).
   */
  static final class Mean {
    private double sum;
    private double c;
    private double mean;
    private double count;
    private boolean incremental;

    void add(double v) {
      if (count == 0) {
        sum = v;
        mean = v;
        count = 1;
        return;
      }
      count++;
      if (!incremental) {
        double[] r = kahanSumInc(v, sum, c);
        if (!Double.isInfinite(r[0])) {
          sum = r[0];
          c = r[1];
          return;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= count - 1;
      }
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
          return;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          return;
        }
      }
      double current = mean + c;
      double[] r = kahanSumInc(v / count - current / count, mean, c);
      mean = r[0];
      c = r[1];
    }

    double result() {
      return incremental ? mean + c : (sum + c) / count;
    }
  }

  /** Kahan-Neumaier summation step: the new sum and compensation. */
  static double[] kahanSumInc(double inc, double sum, double c) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    return new double[] {t, c};
  }

  /**
   * The group's labels. A name that is still to be dropped takes part in {@code by (__name__)}, and
   * the group drops it if any of its samples does (Prometheus's delayed name removal).
   */
  private static Labels groupLabels(Labels l, Set<String> names, boolean without) {
    TreeMap<String, String> kept = new TreeMap<>();
    for (int i = 0; i < l.size(); i++) {
      String n = l.name(i);
      boolean in = names.contains(n);
      if (without ? !in && !n.equals("__name__") : in) {
        kept.put(n, l.value(i));
      }
    }
    return Labels.from(kept);
  }

  static boolean validLabelName(String name) {
    return name != null && !name.isEmpty() && GoStrings.isValidUtf8(name);
  }
}
