package io.pipescope.query.promql.parser;

import java.util.List;

/**
 * An aggregation: {@code sum by (job) (x)}, {@code topk(3, x)}.
 *
 * @param param the leading parameter of topk, bottomk, quantile, count_values, limitk,
 *     limit_ratio; null for the others
 * @param grouping the labels of {@code by}, or of {@code without} when {@code without} is set
 */
public record AggregateExpr(
    ItemType op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange position)
    implements Expr {

  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
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
