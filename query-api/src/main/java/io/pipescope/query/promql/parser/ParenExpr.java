package io.pipescope.query.promql.parser;

/** An expression in parentheses, kept so that printing shows the grouping the user wrote. */
public record ParenExpr(Expr expr, PositionRange position) implements Expr {

  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public PositionRange positionRange() {
    return position;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
