package io.pipescope.ingest;

import io.pipescope.aggregator.OtlpMetricsConfig;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.ingest.internal.IngestEdges;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The OTLP ingest edge: gRPC and HTTP listeners that decode, check and limit requests and hand the
 * valid spans to a {@link SpanConsumer}. A client is answered only after its spans were consumed.
 * Given an {@link Appendable}, the HTTP listener also receives Prometheus remote write 1.0 on
 * {@code POST /api/v1/write}, answering once the samples are committed.
 */
public final class IngestServer implements AutoCloseable {
  private final IngestEdges edges;

  /** Without a store: {@code /api/v1/write} answers 404 "remote write is not enabled". */
  public IngestServer(IngestConfig config, SpanConsumer consumer) {
    this.edges = new IngestEdges(config, consumer, null, OtlpMetricsConfig.DEFAULTS);
  }

  /**
   * With storage: remote write samples and OTLP metrics (translated as {@code otlpMetrics} says)
   * are appended to {@code samples} and committed before the answer.
   */
  public IngestServer(IngestConfig config, SpanConsumer consumer, Appendable samples, OtlpMetricsConfig otlpMetrics) {
    this.edges = new IngestEdges(config, consumer, Objects.requireNonNull(samples, "samples"), otlpMetrics);
  }

  public void start() throws IOException {
    edges.start();
  }

  public InetSocketAddress grpcAddress() {
    return edges.grpcAddress();
  }

  public InetSocketAddress httpAddress() {
    return edges.httpAddress();
  }

  /**
   * pipescope's own ingest metrics: requests, spans received/accepted/rejected, refusals, in-flight;
   * with remote write, its samples received/accepted/rejected and invalid series too.
   */
  public MetricSource metrics() {
    return edges.metrics();
  }

  /**
   * Stops accepting (new requests get a retryable refusal), waits up to {@code grace} for accepted
   * requests to finish, then closes the listeners.
   */
  public void shutdown(Duration grace) {
    edges.shutdown(grace);
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
