package io.pipescope.aggregator.metrics;

/** Anything that owns metric families and can write a consistent-enough snapshot of them. */
@FunctionalInterface
public interface MetricSource {
  void collect(MetricCollector collector);
}
