package io.pipescope.query.promql.engine;

/** What a PromQL expression evaluates to (Prometheus's promql/value.go). */
public sealed interface Value permits Vector, Matrix, Scalar, StringValue {}
