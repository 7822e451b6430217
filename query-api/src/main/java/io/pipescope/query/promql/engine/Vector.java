package io.pipescope.query.promql.engine;

import java.util.ArrayList;
import java.util.Collection;

/** An instant vector: samples that share one timestamp. */
public final class Vector extends ArrayList<Sample> implements Value {
  public Vector() {}

  public Vector(Collection<Sample> samples) {
    super(samples);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Sample s : this) {
      sb.append(ValueFormat.labels(s.labels())).append(" => ").append(ValueFormat.number(s.v()))
          .append(" @[").append(s.t()).append("]\n");
    }
    return sb.toString();
  }
}
