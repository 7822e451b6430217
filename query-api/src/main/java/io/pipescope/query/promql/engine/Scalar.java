package io.pipescope.query.promql.engine;

/** A single number at a time. */
public record Scalar(long t, double v) implements Value {
  @Override
  public String toString() {
    return "scalar: " + ValueFormat.number(v) + " @[" + t + "]";
  }
}
