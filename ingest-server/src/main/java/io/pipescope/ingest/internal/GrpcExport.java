package io.pipescope.ingest.internal;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;

/**
 * One OTLP/gRPC {@code Export} method: charge the message to the call's in-flight lease, hand it
 * to the transport-independent ingestor, and map a refusal to the OTLP status.
 */
final class GrpcExport<Q extends Message, R extends Message> {
  /** What the transports share for one signal (TraceIngestor, MetricsIngestor). */
  @FunctionalInterface
  interface Ingestor<Q, R> {
    R ingest(Q request, Transport transport) throws RefusedException;
  }

  private final Ingestor<Q, R> ingestor;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;

  GrpcExport(Ingestor<Q, R> ingestor, IngestMetrics metrics, int retryAfterSeconds) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void export(GrpcDecoded<Q> request, StreamObserver<R> response) {
    try {
      GrpcAdmission.LEASE.get().acquire(request.size());
      response.onNext(ingestor.ingest(request.messageOrRefuse(), Transport.GRPC));
      response.onCompleted();
    } catch (RefusedException refused) {
      metrics.refused(Transport.GRPC, refused.refusal());
      response.onError(GrpcStatuses.of(refused, retryAfterSeconds));
    }
  }
}
