package io.pipescope.aggregator.internal.otlpmetrics;

/** What an OTLP metric is, as far as its Prometheus name is concerned (otlptranslator's MetricType). */
enum MetricKind {
  GAUGE,
  MONOTONIC_COUNTER,
  NON_MONOTONIC_COUNTER,
  HISTOGRAM,
  EXPONENTIAL_HISTOGRAM,
  SUMMARY
}
