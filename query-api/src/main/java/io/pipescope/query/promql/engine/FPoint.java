package io.pipescope.query.promql.engine;

/** A float sample of a series: timestamp in milliseconds and value. */
public record FPoint(long t, double v) {}
