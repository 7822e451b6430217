package io.pipescope.query.promql.engine;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.internal.JsonStrings;

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
    if (v == 0 && 1 / v < 0) {
      return "-0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /**
   * The {@code data} object of Prometheus's query API: {@code {"resultType":"vector","result":[...]}}
   * with timestamps in seconds and values as strings, as {@code web/api/v1} writes them.
   */
  public static String json(Value value) {
    StringBuilder sb = new StringBuilder("{\"resultType\":\"");
    if (value instanceof Vector v) {
      sb.append("vector\",\"result\":[");
      for (int i = 0; i < v.size(); i++) {
        Sample s = v.get(i);
        sb.append(i > 0 ? "," : "").append("{\"metric\":");
        JsonStrings.labels(sb, s.labels());
        sb.append(",\"value\":");
        point(sb, s.t(), number(s.v()));
        sb.append('}');
      }
      sb.append(']');
    } else if (value instanceof Matrix m) {
      sb.append("matrix\",\"result\":[");
      for (int i = 0; i < m.size(); i++) {
        Series s = m.get(i);
        sb.append(i > 0 ? "," : "").append("{\"metric\":");
        JsonStrings.labels(sb, s.labels());
        sb.append(",\"values\":[");
        for (int j = 0; j < s.points().size(); j++) {
          FPoint p = s.points().get(j);
          sb.append(j > 0 ? "," : "");
          point(sb, p.t(), number(p.v()));
        }
        sb.append("]}");
      }
      sb.append(']');
    } else if (value instanceof Scalar s) {
      sb.append("scalar\",\"result\":");
      point(sb, s.t(), number(s.v()));
    } else if (value instanceof StringValue s) {
      sb.append("string\",\"result\":");
      point(sb, s.t(), s.v());
    }
    return sb.append('}').toString();
  }

  /**
   * Unix milliseconds as seconds with the milliseconds kept, as Prometheus's marshalTimestamp
   * writes them (also the exemplar timestamps of the API and of OpenMetrics).
   */
  public static void seconds(StringBuilder sb, long t) {
    if (t < 0) {
      sb.append('-');
      t = -t;
    }
    sb.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      sb.append('.').append(String.format("%03d", fraction));
    }
  }

  /** {@code [seconds, "value"]}. */
  private static void point(StringBuilder sb, long t, String v) {
    sb.append('[');
    seconds(sb, t);
    sb.append(',');
    JsonStrings.quote(sb, v);
    sb.append(']');
  }
}
