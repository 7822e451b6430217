package io.pipescope.ingest.internal;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** OTLP/gRPC {@code TraceService/Export}. */
final class GrpcTraceService {
  private final TraceIngestor ingestor;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;

  GrpcTraceService(TraceIngestor ingestor, IngestMetrics metrics, int retryAfterSeconds) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void export(GrpcDecoded<ExportTraceServiceRequest> request, StreamObserver<ExportTraceServiceResponse> response) {
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
