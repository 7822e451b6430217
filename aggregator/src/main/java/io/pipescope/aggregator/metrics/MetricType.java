package io.pipescope.aggregator.metrics;

/** The metric types pipescope exposes, as Prometheus's exposition formats name them. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram");

  private final String expositionName;

  MetricType(String expositionName) {
    this.expositionName = expositionName;
  }

  public String expositionName() {
    return expositionName;
  }
}
