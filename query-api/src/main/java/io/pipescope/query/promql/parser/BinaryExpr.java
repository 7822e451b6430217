package io.pipescope.query.promql.parser;

/**
 * A binary operation: arithmetic, comparison, or set operation.
 *
 * @param matching how vector elements pair up; null unless both sides are instant vectors
 * @param returnBool the {@code bool} modifier of a comparison: 0/1 instead of filtering
 */
public record BinaryExpr(ItemType op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
    implements Expr {

  /** Scalar when both sides are; the left-nested chain of {@code a + b + c ...} is walked in a loop. */
  @Override
  public ValueType type() {
    Expr e = this;
    while (e instanceof BinaryExpr b) {
      if (b.rhs.type() != ValueType.SCALAR) {
        return ValueType.VECTOR;
      }
      e = b.lhs;
    }
    return e.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(Positions.start(this), Positions.end(this));
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
