package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.GoStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** histogram_quantile over classic buckets: series with an {@code le} label (Prometheus's quantile.go). */
final class HistogramQuantile {
  private HistogramQuantile() {}

  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private record Bucket(double upperBound, double count) {}

  private static final class Group {
    final Labels labels;
    final List<Bucket> buckets = new ArrayList<>();

    Group(Labels labels) {
      this.labels = labels;
    }
  }

  static Value call(Evaluator ev, Call c, long t) {
    double q = ev.evalScalar(c.args().get(0), t);
    if (Double.isNaN(q) || q < 0 || q > 1) {
      ev.annotations.warn("quantile value should be between 0 and 1, got " + ValueFormat.number(q),
          c.args().get(0).positionRange());
    }
    Vector out = new Vector();
    for (Group g : groups(ev, c, 1, t)) {
      double[] result = bucketQuantile(q, g.buckets);
      if (result[1] != 0) {
        String name = g.labels.get("__name__");
        ev.annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see "
            + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "
            + GoStrings.quote(name == null ? "" : name), c.args().get(1).positionRange());
      }
      out.add(new Sample(g.labels, t, result[0], true));
    }
    return out;
  }

  /** histogram_quantiles(buckets, label, q...): one sample per histogram and quantile, labeled with q. */
  static Value quantiles(Evaluator ev, Call c, long t) {
    String label = ((StringValue) ev.eval(c.args().get(1), t)).v();
    List<Double> qs = new ArrayList<>();
    for (int i = 2; i < c.args().size(); i++) {
      double q = ev.evalScalar(c.args().get(i), t);
      if (Double.isNaN(q) || q < 0 || q > 1) {
        ev.annotations.warn("quantile value should be between 0 and 1, got " + ValueFormat.number(q),
            c.args().get(i).positionRange());
      }
      qs.add(q);
    }
    Vector out = new Vector();
    java.util.Set<Labels> seen = new java.util.HashSet<>();
    for (Group g : groups(ev, c, 0, t)) {
      for (double q : qs) {
        double[] result = bucketQuantile(q, g.buckets);
        Labels l = LabelFunctions.set(PromqlEngine.withoutName(g.labels), label, quantileLabel(q));
        if (!seen.add(l)) {
          throw new PromqlException("vector cannot contain metrics with the same labelset");
        }
        out.add(new Sample(l, t, result[0], true));
      }
    }
    return out;
  }

  /** A quantile as its label value: a decimal point always ({@code 0.0}, {@code 0.25}, {@code NaN}). */
  private static String quantileLabel(double q) {
    String s = ValueFormat.number(q);
    return !Double.isNaN(q) && !Double.isInfinite(q) && !s.contains(".") && !s.contains("e") ? s + ".0" : s;
  }

  /** histogram_fraction(lower, upper, buckets) over classic buckets. */
  static Value fraction(Evaluator ev, Call c, long t) {
    double lower = ev.evalScalar(c.args().get(0), t);
    double upper = ev.evalScalar(c.args().get(1), t);
    Vector out = new Vector();
    for (Group g : groups(ev, c, 2, t)) {
      out.add(new Sample(g.labels, t, bucketFraction(lower, upper, g.buckets), true));
    }
    return out;
  }

  /** The argument's samples grouped into classic histograms by their labels other than le. */
  private static List<Group> groups(Evaluator ev, Call c, int arg, long t) {
    Vector in = ev.evalVector(c.args().get(arg), t);
    Map<Labels, Group> groups = new LinkedHashMap<>();
    for (Sample s : in) {
      String le = s.labels().get("le");
      double upper;
      try {
        upper = le == null ? Double.NaN : parseGoFloat(le);
      } catch (NumberFormatException e) {
        upper = Double.NaN;
      }
      if (Double.isNaN(upper)) {
        String name = s.labels().get("__name__");
        ev.annotations.warn("bucket label \"le\" is missing or has a malformed value of "
            + GoStrings.quote(le == null ? "" : le) + " for metric name " + GoStrings.quote(name == null ? "" : name),
            c.args().get(arg).positionRange());
        continue;
      }
      Labels key = without(s.labels(), true);
      groups.computeIfAbsent(key, k -> new Group(without(s.labels(), false))).buckets.add(new Bucket(upper, s.v()));
    }
    return new ArrayList<>(groups.values());
  }

  /**
   * The fraction of observations between lower and upper, interpolating linearly inside a bucket;
   * the lowest bucket starts at 0 when its bound is positive, and a bucket of infinite width
   * contributes nothing to a partial range.
   */
  static double bucketFraction(double lower, double upper, List<Bucket> input) {
    List<Bucket> sorted = new ArrayList<>(input);
    sorted.sort((a, b) -> Double.compare(a.upperBound(), b.upperBound()));
    if (sorted.isEmpty() || sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    List<double[]> buckets = coalesce(sorted);
    double total = buckets.get(buckets.size() - 1)[1];
    if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    double prevCumulative = 0;
    for (int i = 0; i < buckets.size(); i++) {
      double bUpper = buckets.get(i)[0];
      double bLower = i > 0 ? buckets.get(i - 1)[0] : bUpper > 0 ? 0 : Double.NEGATIVE_INFINITY;
      double count = buckets.get(i)[1] - prevCumulative;
      prevCumulative = buckets.get(i)[1];
      if (!lowerSet && bLower >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && bLower >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      boolean infinite = Double.isInfinite(bLower);
      if (!lowerSet && bLower < lower && bUpper > lower) {
        lowerRank = infinite ? rank + count : rank + count * (lower - bLower) / (bUpper - bLower);
        lowerSet = true;
      }
      if (!upperSet && bLower < upper && bUpper > upper) {
        upperRank = infinite ? rank : rank + count * (upper - bLower) / (bUpper - bLower);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank += count;
    }
    if (!lowerSet || lowerRank > total) {
      lowerRank = total;
    }
    if (!upperSet || upperRank > total) {
      upperRank = total;
    }
    return (upperRank - lowerRank) / total;
  }

  private static List<double[]> coalesce(List<Bucket> sorted) {
    List<double[]> buckets = new ArrayList<>();
    for (Bucket b : sorted) {
      if (!buckets.isEmpty() && buckets.get(buckets.size() - 1)[0] == b.upperBound()) {
        buckets.get(buckets.size() - 1)[1] += b.count();
      } else {
        buckets.add(new double[] {b.upperBound(), b.count()});
      }
    }
    return buckets;
  }

  /** Go's strconv.ParseFloat for the spellings a bucket bound takes. */
  static double parseGoFloat(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    switch (l) {
      case "+inf", "inf", "+infinity", "infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {
        if (l.isEmpty() || l.endsWith("d") || l.endsWith("f") || l.contains("_")) {
          throw new NumberFormatException(s);
        }
        if (l.startsWith("0x") || l.startsWith("-0x") || l.startsWith("+0x")) {
          return Double.parseDouble(l.contains("p") ? l : l + "p0");
        }
        return Double.parseDouble(s);
      }
    }
  }

  private static Labels without(Labels l, boolean dropName) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < l.size(); i++) {
      if (l.name(i).equals("le") || (dropName && l.name(i).equals("__name__"))) {
        continue;
      }
      m.put(l.name(i), l.value(i));
    }
    return Labels.from(m);
  }

  /** The quantile and whether the counts had to be forced monotonic (1) or not (0). */
  static double[] bucketQuantile(double q, List<Bucket> input) {
    if (Double.isNaN(q)) {
      return new double[] {Double.NaN, 0};
    }
    if (q < 0) {
      return new double[] {Double.NEGATIVE_INFINITY, 0};
    }
    if (q > 1) {
      return new double[] {Double.POSITIVE_INFINITY, 0};
    }
    List<Bucket> sorted = new ArrayList<>(input);
    sorted.sort((a, b) -> Double.compare(a.upperBound(), b.upperBound()));
    if (sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      return new double[] {Double.NaN, 0};
    }
    List<double[]> buckets = coalesce(sorted);
    boolean forced = false;
    double prev = buckets.get(0)[1];
    for (int i = 1; i < buckets.size(); i++) {
      double curr = buckets.get(i)[1];
      if (curr == prev) {
        continue;
      }
      if (AlmostEqual.almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
        buckets.get(i)[1] = prev;
        continue;
      }
      if (curr < prev) {
        buckets.get(i)[1] = prev;
        forced = true;
        continue;
      }
      prev = curr;
    }
    double f = forced ? 1 : 0;
    if (buckets.size() < 2) {
      return new double[] {Double.NaN, f};
    }
    double observations = buckets.get(buckets.size() - 1)[1];
    if (observations == 0) {
      return new double[] {Double.NaN, f};
    }
    double rank = q * observations;
    int b = 0;
    while (b < buckets.size() - 1 && !(buckets.get(b)[1] >= rank)) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return new double[] {buckets.get(buckets.size() - 2)[0], f};
    }
    if (b == 0 && buckets.get(0)[0] <= 0) {
      return new double[] {buckets.get(0)[0], f};
    }
    double bucketStart = 0;
    double bucketEnd = buckets.get(b)[0];
    double count = buckets.get(b)[1];
    if (b > 0) {
      bucketStart = buckets.get(b - 1)[0];
      count -= buckets.get(b - 1)[1];
      rank -= buckets.get(b - 1)[1];
    }
    return new double[] {bucketStart + (bucketEnd - bucketStart) * (rank / count), f};
  }
}
