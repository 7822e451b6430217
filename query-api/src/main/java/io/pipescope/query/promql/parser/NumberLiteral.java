package io.pipescope.query.promql.parser;

/**
 * A number: {@code 1}, {@code 0x1f}, {@code Inf}; or a duration written where a number may stand
 * ({@code 5m} is 300), which prints back as a duration.
 */
public record NumberLiteral(double value, boolean duration, PositionRange position) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
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
