package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.PromqlException;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Scalar;
import io.pipescope.query.promql.engine.Value;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.store.Queryable;

/** How rules ask PromQL for an instant vector (Prometheus's rules.QueryFunc). */
@FunctionalInterface
public interface RuleQuery {
  /**
   * The value of {@code expr} at {@code timeMillis}.
   *
   * @throws RuntimeException when the query fails; the rule records it as its last error
   */
  Vector query(String expr, long timeMillis);

  /** Queries through {@code engine} over {@code queryable}; a scalar becomes a one-sample vector, as in Prometheus. */
  static RuleQuery of(PromqlEngine engine, Queryable queryable) {
    return (expr, t) -> {
      Value v = engine.instantQuery(queryable, expr, t).value();
      if (v instanceof Vector vec) {
        return vec;
      }
      if (v instanceof Scalar s) {
        Vector one = new Vector();
        one.add(new Sample(Labels.empty(), s.t(), s.v()));
        return one;
      }
      throw new PromqlException("rule result is not a vector or scalar");
    };
  }
}
