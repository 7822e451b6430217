package io.pipescope.ingest.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.BooleanSupplier;

/**
 * Admits each gRPC call before its message is read: takes an in-flight slot (or refuses with
 * UNAVAILABLE and RetryInfo), answers gzip with gzip, and records every call's outcome once, in
 * {@code close}, whatever closed it (the service, a refusal, or grpc-java's own size check).
 */
final class GrpcAdmission implements ServerInterceptor {
  static final Context.Key<InflightLease> LEASE = Context.key("pipescope-inflight-lease");
  private static final Metadata.Key<String> GRPC_ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  private final InflightLimiter limiter;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;
  private final BooleanSupplier shuttingDown;

  GrpcAdmission(InflightLimiter limiter, IngestMetrics metrics, int retryAfterSeconds, BooleanSupplier shuttingDown) {
    this.limiter = limiter;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
    this.shuttingDown = shuttingDown;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String signal = signalOf(call.getMethodDescriptor().getServiceName());
    ServerCall<Q, R> recorded = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          // grpc-java refuses over-size messages itself (before and after gzip), before the service sees them.
          metrics.refused(Transport.GRPC, Refusal.REQUEST_TOO_LARGE);
        }
        metrics.request(Transport.GRPC, signal, status.getCode().name(), start);
        super.close(status, trailers);
      }
    };
    if ("gzip".equals(headers.get(GRPC_ENCODING))) {
      recorded.setCompression("gzip");
    }
    InflightLease lease;
    try {
      if (shuttingDown.getAsBoolean()) {
        throw new RefusedException(Refusal.SHUTTING_DOWN, "pipescope is shutting down; retry against another instance or later");
      }
      lease = InflightLease.open(limiter);
    } catch (RefusedException refused) {
      metrics.refused(Transport.GRPC, refused.refusal());
      StatusRuntimeException status = GrpcStatuses.of(refused, retryAfterSeconds);
      recorded.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(LEASE, lease);
    ServerCall.Listener<Q> delegate = Contexts.interceptCall(context, recorded, headers, next);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          lease.close();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          lease.close();
        }
      }
    };
  }

  private static String signalOf(String serviceName) {
    if (serviceName.endsWith("TraceService")) {
      return "traces";
    }
    if (serviceName.endsWith("MetricsService")) {
      return "metrics";
    }
    if (serviceName.endsWith("LogsService")) {
      return "logs";
    }
    return "other";
  }
}
