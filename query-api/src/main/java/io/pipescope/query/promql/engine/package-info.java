/**
 * The PromQL engine: evaluates the parser's expressions over a {@link io.pipescope.store.Queryable}
 * as Prometheus 3 does ({@code promql/engine.go}, {@code functions.go}, {@code value.go}).
 *
 * <p>{@link io.pipescope.query.promql.engine.PromqlEngine} is the entry point; the values it
 * returns ({@link io.pipescope.query.promql.engine.Vector}, {@link
 * io.pipescope.query.promql.engine.Matrix}, {@link io.pipescope.query.promql.engine.Scalar},
 * {@link io.pipescope.query.promql.engine.StringValue}) are public, the evaluation is not. A new
 * function is one entry in {@code FunctionTable}. Behaviour is specified by Prometheus's own test
 * scripts, run by {@code promqltest.PromqlConformanceTest}. Native histograms are not supported:
 * the store holds float samples only.
 */
package io.pipescope.query.promql.engine;
