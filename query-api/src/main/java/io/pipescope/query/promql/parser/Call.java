package io.pipescope.query.promql.parser;

import java.util.List;

/** A function call: {@code rate(x[5m])}. */
public record Call(Function function, List<Expr> args, PositionRange position) implements Expr {

  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
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
