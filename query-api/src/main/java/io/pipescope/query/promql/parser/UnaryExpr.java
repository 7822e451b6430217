package io.pipescope.query.promql.parser;

/** A unary minus or plus on anything but a number literal (which the parser folds). */
public record UnaryExpr(ItemType op, Expr expr, int startPos) implements Expr {

  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(startPos, Positions.end(expr));
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
