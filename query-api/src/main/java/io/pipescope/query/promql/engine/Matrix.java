package io.pipescope.query.promql.engine;

import java.util.ArrayList;

/** A range vector, or the result of a range query: series with points over time. */
public final class Matrix extends ArrayList<Series> implements Value {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Series s : this) {
      sb.append(ValueFormat.labels(s.labels())).append(" =>\n");
      for (FPoint p : s.points()) {
        sb.append(ValueFormat.number(p.v())).append(" @[").append(p.t()).append("]\n");
      }
    }
    return sb.toString();
  }
}
