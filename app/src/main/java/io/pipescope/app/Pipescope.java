package io.pipescope.app;

import io.pipescope.aggregator.FactoryAggregator;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.SpanMetricsAggregator;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.ingest.IngestServer;
import io.pipescope.query.HttpApiServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A running pipescope: the composition root where ingest, aggregation and the API are wired
 * together, and the order they start and stop in.
 */
public final class Pipescope implements AutoCloseable {
  private final PipescopeConfig config;
  private final SpanMetricsAggregator spanMetrics;
  private final FactoryAggregator factory;
  private final IngestServer ingest;
  private final HttpApiServer api;
  private boolean closed;

  private Pipescope(PipescopeConfig config) {
    this.config = config;
    this.spanMetrics = new SpanMetricsAggregator(config.spanMetrics());
    this.factory = new FactoryAggregator(config.factory());
    this.ingest = new IngestServer(config.ingest(), SpanConsumer.fanOut(List.of(spanMetrics, factory)));
    this.api = new HttpApiServer(config.api(),
        List.of(factory, spanMetrics, ingest.metrics(), new ProcessMetrics()));
  }

  /** Starts the API first, so pipescope can be watched before the first span arrives. */
  public static Pipescope start(PipescopeConfig config) throws IOException {
    Pipescope p = new Pipescope(config);
    try {
      p.api.start();
      p.ingest.start();
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  public InetSocketAddress grpcAddress() {
    return ingest.grpcAddress();
  }

  public InetSocketAddress otlpHttpAddress() {
    return ingest.httpAddress();
  }

  public InetSocketAddress apiAddress() {
    return api.address();
  }

  /** Stops accepting, lets accepted requests finish (up to the configured grace), then closes the API. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ingest.shutdown(config.shutdownGrace());
    factory.close();
    api.close();
  }
}
