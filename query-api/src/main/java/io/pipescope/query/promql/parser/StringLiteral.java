package io.pipescope.query.promql.parser;

/** A string, its escapes resolved (see {@link GoStrings} for bytes that are not UTF-8). */
public record StringLiteral(String value, PositionRange position) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.STRING;
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
