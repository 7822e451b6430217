package io.pipescope.query.promql.parser;

/** One problem found in a query: what, and where. */
public record ParseError(PositionRange position, String message, String query) {

  /** As Prometheus prints it: {@code 1:5: parse error: unexpected end of input}. */
  @Override
  public String toString() {
    return position.describeStart(query) + ": parse error: " + message;
  }
}
