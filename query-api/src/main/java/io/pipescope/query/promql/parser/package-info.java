/**
 * PromQL's syntax, as Prometheus v3.14 defines it in {@code promql/parser}: a lexer, a
 * recursive-descent parser that type-checks what it builds, the expression tree ({@link
 * io.pipescope.query.promql.parser.Expr} and its records), the function table and the printer.
 *
 * <p>{@link io.pipescope.query.promql.parser.Parser#parseExpr} is the entry point; a query that
 * does not parse throws a {@link io.pipescope.query.promql.parser.ParseException} whose message is
 * the one Prometheus gives, {@code 1:5: parse error: ...}. {@code toString()} of an expression
 * prints it as Prometheus's {@code String()} does.
 */
package io.pipescope.query.promql.parser;
