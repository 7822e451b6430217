package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;

/** Text forms of values as Prometheus prints them: labels as {@code {a="b"}}, numbers as Go does. */
public final class ValueFormat {
  private ValueFormat() {}

  /** {@code name{a="b", c="d"}}, the name outside the braces when there is one. */
  public static String labels(Labels labels) {
    StringBuilder sb = new StringBuilder();
    String name = labels.get("__name__");
    if (name != null) {
      sb.append(name);
    }
    sb.append('{');
    boolean first = true;
    for (int i = 0; i < labels.size(); i++) {
      if (labels.name(i).equals("__name__")) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(labels.name(i)).append("=\"")
          .append(labels.value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append('"');
    }
    return sb.append('}').toString();
  }

  /** A float as Go's strconv.FormatFloat(v, 'f', -1, 64) spells it, with +Inf, -Inf and NaN. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
