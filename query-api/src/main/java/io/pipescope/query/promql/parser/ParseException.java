package io.pipescope.query.promql.parser;

import java.util.List;

/**
 * A query that does not parse or does not type-check. Like Prometheus's {@code ParseErrors} it
 * carries every error found, and its message is the first one's:
 * {@code 1:5: parse error: unexpected end of input}.
 */
public final class ParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ParseError> errors;

  ParseException(List<ParseError> errors) {
    super(errors.get(0).toString(), null, false, false);
    this.errors = List.copyOf(errors);
  }

  /** All errors, in the order found; never empty. */
  public List<ParseError> errors() {
    return errors;
  }

  /** The first error's position. */
  public PositionRange position() {
    return errors.get(0).position();
  }

  /** The first error's message without position: {@code unexpected end of input}. */
  public String reason() {
    return errors.get(0).message();
  }
}
