package io.pipescope.ingest;

import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.ingest.internal.IngestEdges;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The OTLP ingest edge: gRPC and HTTP listeners that decode, check and limit requests and hand the
 * valid spans to a {@link SpanConsumer}. A client is answered only after its spans were consumed.
 */
public final class IngestServer implements AutoCloseable {
  private final IngestEdges edges;

  public IngestServer(IngestConfig config, SpanConsumer consumer) {
    this.edges = new IngestEdges(config, consumer);
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

  /** pipescope's own ingest metrics: requests, spans received/accepted/rejected, refusals, in-flight. */
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
