package io.pipescope.ingest.internal;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;

/** OTLP/gRPC {@code MetricsService/Export}: counted, and stored when pipescope has a store. */
final class GrpcMetricsService {
  private final MetricsIngestor ingestor;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;

  GrpcMetricsService(MetricsIngestor ingestor, IngestMetrics metrics, int retryAfterSeconds) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void export(GrpcDecoded<ExportMetricsServiceRequest> request, StreamObserver<ExportMetricsServiceResponse> response) {
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
