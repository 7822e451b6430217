package io.pipescope.query.promql.parser;

import java.util.List;

/**
 * Parses PromQL as Prometheus v3.14 does: {@link #parseExpr} returns the type-checked expression
 * or throws a {@link ParseException} whose message is Prometheus's, position included.
 */
public final class Parser {
  private Parser() {}

  /** Parses stable PromQL, experimental features off. */
  public static Expr parseExpr(String query) {
    return parseExpr(query, ParserOptions.DEFAULT);
  }

  /**
   * Parses and type-checks {@code query}.
   *
   * @throws ParseException when it is not valid PromQL under {@code options}
   */
  public static Expr parseExpr(String query, ParserOptions options) {
    try {
      Expr parsed;
      try {
        parsed = new ExprParser(new Tokens(query), options).query();
      } catch (ParseFailure f) {
        throw new ParseException(List.of(f.error));
      }
      // Types are checked only once the syntax is right, as in Prometheus.
      TypeChecker checker = new TypeChecker(query);
      Expr checked = checker.check(parsed);
      if (!checker.errors().isEmpty()) {
        throw new ParseException(checker.errors());
      }
      return checked;
    } catch (StackOverflowError e) {
      // Thousands of nested levels; a query, not the server, should fail.
      throw new ParseException(List.of(new ParseError(new PositionRange(0, 0), "expression nested too deeply", query)));
    }
  }
}
