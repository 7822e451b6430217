package io.pipescope.ingest.internal;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;

/** OTLP/gRPC {@code MetricsService/Export}: accepted and counted; stored once the store exists. */
final class GrpcMetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {
  private final IngestMetrics metrics;

  GrpcMetricsService(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
    metrics.metricPointsReceived(Transport.GRPC).add(MetricPointCounter.count(request));
    response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
    response.onCompleted();
  }
}
