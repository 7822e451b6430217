package io.pipescope.query.promql.parser;

/** Unwinds the parser at the first error; {@link Parser} turns it into a {@link ParseException}. */
final class ParseFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final transient ParseError error;

  ParseFailure(ParseError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }
}
