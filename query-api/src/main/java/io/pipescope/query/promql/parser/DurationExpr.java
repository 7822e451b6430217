package io.pipescope.query.promql.parser;

/**
 * Arithmetic on durations where a range, step or offset is written ({@code foo[5m + step()]}): an
 * operator over {@link NumberLiteral}s and other duration expressions, evaluated per query.
 *
 * @param op ADD, SUB, MUL, DIV, MOD or POW between {@code lhs} and {@code rhs}; with no {@code lhs},
 *     a unary SUB or ADD (the latter only marks parentheses around a number); STEP or RANGE with
 *     neither operand, the query's step or range; MIN_OF or MAX_OF of both operands
 * @param wrapped written in parentheses, kept so that printing round-trips
 */
public record DurationExpr(ItemType op, Expr lhs, Expr rhs, boolean wrapped, PositionRange position)
    implements Expr {

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public PositionRange positionRange() {
    return position;
  }

  DurationExpr wrap(PositionRange withParens) {
    return new DurationExpr(op, lhs, rhs, true, withParens);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
