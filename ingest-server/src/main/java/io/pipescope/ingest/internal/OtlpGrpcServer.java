package io.pipescope.ingest.internal;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.pipescope.ingest.IngestLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** OTLP/gRPC: TraceService, MetricsService, and a LogsService that says logs are not accepted. */
final class OtlpGrpcServer {
  private Server server;

  InetSocketAddress start(String host, int port, TraceIngestor traces, MetricsIngestor metricPoints,
      IngestMetrics metrics,
      InflightLimiter limiter, IngestLimits limits, Executor workers, BooleanSupplier shuttingDown)
      throws IOException {
    int retryAfter = limits.retryAfterSeconds();
    GrpcAdmission admission = new GrpcAdmission(limiter, metrics, limits.retryAfterSeconds(), shuttingDown);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .executor(workers)
        // grpc-java applies this before and after gzip, so it also stops gzip bombs.
        .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()))
        .maxConcurrentCallsPerConnection(limits.maxInflightRequests())
        .addService(ServerInterceptors.intercept(unary(TraceServiceGrpc.getExportMethod(),
            ExportTraceServiceRequest.getDefaultInstance(), new GrpcExport<>(traces::ingest, metrics, retryAfter)::export), admission))
        .addService(ServerInterceptors.intercept(unary(MetricsServiceGrpc.getExportMethod(),
            ExportMetricsServiceRequest.getDefaultInstance(), new GrpcExport<>(metricPoints::ingest, metrics, retryAfter)::export), admission))
        .addService(ServerInterceptors.intercept(unary(LogsServiceGrpc.getExportMethod(),
            ExportLogsServiceRequest.getDefaultInstance(), new GrpcLogsService()::export), admission))
        .build()
        .start();
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /**
   * One OTLP service with one unary method whose requests arrive as {@link GrpcDecoded}, so a
   * message that does not decode is answered by the service rather than by grpc-java.
   */
  @SuppressWarnings("unchecked")
  private static <Q extends Message, R extends Message> ServerServiceDefinition unary(
      MethodDescriptor<Q, R> otlpMethod, Q requestPrototype, ServerCalls.UnaryMethod<GrpcDecoded<Q>, R> handler) {
    R responsePrototype =
        ((MethodDescriptor.PrototypeMarshaller<R>) otlpMethod.getResponseMarshaller()).getMessagePrototype();
    MethodDescriptor<GrpcDecoded<Q>, R> method = otlpMethod.toBuilder(
            GrpcDecoded.marshaller((Parser<Q>) requestPrototype.getParserForType(),
                requestPrototype.getDescriptorForType().getName()),
            ProtoUtils.marshaller(responsePrototype))
        .build();
    return ServerServiceDefinition.builder(otlpMethod.getServiceName())
        .addMethod(method, ServerCalls.asyncUnaryCall(handler))
        .build();
  }

  /** Stops accepting new calls; calls already started run to completion. */
  void stopAccepting() {
    if (server != null) {
      server.shutdown();
    }
  }

  boolean awaitTermination(long millis) throws InterruptedException {
    return server == null || server.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  void forceClose() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
