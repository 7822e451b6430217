package io.pipescope.ingest.internal;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;

/** OTLP/gRPC {@code MetricsService/Export}: accepted and counted; stored once the store exists. */
final class GrpcMetricsService {
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;

  GrpcMetricsService(IngestMetrics metrics, int retryAfterSeconds) {
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void export(GrpcDecoded<ExportMetricsServiceRequest> request, StreamObserver<ExportMetricsServiceResponse> response) {
    try {
      GrpcAdmission.LEASE.get().acquire(request.size());
      metrics.metricPointsReceived(Transport.GRPC).add(MetricPointCounter.count(request.messageOrRefuse()));
      response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
      response.onCompleted();
    } catch (RefusedException refused) {
      metrics.refused(Transport.GRPC, refused.refusal());
      response.onError(GrpcStatuses.of(refused, retryAfterSeconds));
    }
  }
}
