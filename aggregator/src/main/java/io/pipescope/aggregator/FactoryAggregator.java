package io.pipescope.aggregator;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.pipescope.aggregator.internal.factory.FactoryAggregation;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.Restorable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The software-factory aggregator: understands stages, rework, features and the DORA keys. Runs
 * beside {@link SpanMetricsAggregator} behind the same {@link SpanConsumer} seam. The instrumentation
 * contract and every metric are documented in docs/instrumentation.md and docs/metrics.md.
 */
public final class FactoryAggregator implements SpanConsumer, MetricSource, Restorable, AutoCloseable {
  private final FactoryAggregation aggregation;
  private final ScheduledExecutorService janitor;

  /** With a background task that closes idle features. */
  public FactoryAggregator(FactoryConfig config) {
    this.aggregation = new FactoryAggregation(config, System::currentTimeMillis);
    this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipescope-feature-janitor");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(100, Math.min(10_000, config.featureIdleTimeout().toMillis() / 10));
    janitor.scheduleWithFixedDelay(aggregation::closeIdleFeatures, period, period, TimeUnit.MILLISECONDS);
  }

  /** Without a background task, on the given clock: tests call {@link #closeIdleFeatures()} themselves. */
  public FactoryAggregator(FactoryConfig config, LongSupplier clockMillis) {
    this.aggregation = new FactoryAggregation(config, clockMillis);
    this.janitor = null;
  }

  @Override
  public void consume(List<ResourceSpans> batch) {
    aggregation.consume(batch);
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    aggregation.restore(sampleName, labels, value);
  }

  public void closeIdleFeatures() {
    aggregation.closeIdleFeatures();
  }

  @Override
  public void collect(MetricCollector collector) {
    aggregation.collect(collector);
  }

  @Override
  public void close() {
    if (janitor != null) {
      janitor.shutdownNow();
    }
  }
}
