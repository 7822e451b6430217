package io.pipescope.ingest.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;

/** OTLP/gRPC {@code LogsService/Export}: pipescope takes no logs, and says so. */
final class GrpcLogsService {
  static final String MESSAGE =
      "pipescope does not accept logs; send traces (and metrics) only, or route logs to a log store";

  void export(GrpcDecoded<ExportLogsServiceRequest> request, StreamObserver<ExportLogsServiceResponse> response) {
    response.onError(Status.UNIMPLEMENTED.withDescription(MESSAGE).asRuntimeException());
  }
}
