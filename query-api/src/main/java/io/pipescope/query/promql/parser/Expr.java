package io.pipescope.query.promql.parser;

/**
 * A PromQL expression: the parser's output, the engine's input. Nodes are immutable records;
 * {@code toString()} prints the expression back as PromQL, the way Prometheus's {@code String()}
 * does, so that printing and parsing again gives the same expression.
 */
public sealed interface Expr
    permits AggregateExpr, BinaryExpr, Call, DurationExpr, MatrixSelector, NumberLiteral,
        ParenExpr, StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

  /** The type the expression evaluates to; structural, no checking. */
  ValueType type();

  /** Where the expression lies in the query. */
  PositionRange positionRange();
}
