package io.pipescope.query.promql.engine;

/** A string literal's value at a time. */
public record StringValue(long t, String v) implements Value {
  @Override
  public String toString() {
    return v;
  }
}
