package io.pipescope.aggregator.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/** A gauge whose series are read from callbacks when collected (in-flight bytes, limits, sizes). */
public final class GaugeFamily implements MetricSource {
  private final String name;
  private final String help;
  private final String[] labelNames;
  private final List<Bound> series = new CopyOnWriteArrayList<>();

  private record Bound(Labels labels, DoubleSupplier value) {}

  public GaugeFamily(String name, String help, String... labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames.clone();
  }

  public GaugeFamily bind(DoubleSupplier value, String... labelValues) {
    series.add(new Bound(Labels.of(labelNames, labelValues), value));
    return this;
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family(name, MetricType.GAUGE, help);
    for (Bound b : series) {
      collector.sample(b.labels(), b.value().getAsDouble());
    }
  }
}
