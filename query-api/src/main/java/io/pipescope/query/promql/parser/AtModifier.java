package io.pipescope.query.promql.parser;

/** The {@code @} modifier: a fixed evaluation time, or the query's start or end. */
public record AtModifier(Kind kind, long timestampMillis) {
  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  /** What the modifier pins the evaluation to. */
  public enum Kind { TIMESTAMP, START, END }

  public static AtModifier timestamp(long millis) {
    return new AtModifier(Kind.TIMESTAMP, millis);
  }
}
