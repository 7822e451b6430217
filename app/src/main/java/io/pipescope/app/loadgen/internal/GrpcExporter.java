package io.pipescope.app.loadgen.internal;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pipescope.app.loadgen.ExportOutcome;
import io.pipescope.app.loadgen.Exporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** OTLP/gRPC over its own channel, so each exporter is one HTTP/2 connection. */
public final class GrpcExporter implements Exporter {
  private final ManagedChannel channel;
  private final TraceServiceGrpc.TraceServiceBlockingStub stub;
  private final long timeoutNanos;

  public GrpcExporter(String host, int port, boolean gzip, Duration timeout) {
    this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    TraceServiceGrpc.TraceServiceBlockingStub s = TraceServiceGrpc.newBlockingStub(channel);
    this.stub = gzip ? s.withCompression("gzip") : s;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public ExportOutcome export(ExportTraceServiceRequest request) {
    try {
      ExportTraceServiceResponse response =
          stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).export(request);
      return ExportOutcome.accepted(Status.Code.OK.name(), response.getPartialSuccess().getRejectedSpans());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      String detail = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
      // The codes the OTLP specification lists as retryable for overload (otlp.md, "Failures").
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED) {
        return ExportOutcome.refused(code.name(), detail);
      }
      return ExportOutcome.failed(code.name(), detail);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
