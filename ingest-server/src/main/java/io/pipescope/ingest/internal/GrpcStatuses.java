package io.pipescope.ingest.internal;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Maps refusals to gRPC statuses as the OTLP specification asks (otlp.md, "OTLP/gRPC Response"). */
final class GrpcStatuses {
  private GrpcStatuses() {}

  static StatusRuntimeException of(RefusedException refused, int retryAfterSeconds) {
    Code code = switch (refused.refusal()) {
      case UNDECODABLE, UNSUPPORTED_MEDIA_TYPE, TOO_MANY_SPANS -> Code.INVALID_ARGUMENT;
      case REQUEST_TOO_LARGE, DECOMPRESSED_TOO_LARGE -> Code.RESOURCE_EXHAUSTED;
      case INFLIGHT_BYTES, INFLIGHT_REQUESTS, SHUTTING_DOWN, STORAGE_FAILURE -> Code.UNAVAILABLE;
    };
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(refused.getMessage());
    if (refused.refusal().retryable()) {
      // RetryInfo tells a client when to come back: the spec's signal that the refusal is transient.
      status.addDetails(Any.pack(RetryInfo.newBuilder()
          .setRetryDelay(Duration.newBuilder().setSeconds(retryAfterSeconds))
          .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  static Status.Code codeOf(StatusRuntimeException e) {
    return e.getStatus().getCode();
  }
}
