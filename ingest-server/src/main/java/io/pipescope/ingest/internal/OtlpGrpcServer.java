package io.pipescope.ingest.internal;

import io.grpc.Server;
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

  InetSocketAddress start(String host, int port, TraceIngestor traces, IngestMetrics metrics,
      InflightLimiter limiter, IngestLimits limits, Executor workers, BooleanSupplier shuttingDown)
      throws IOException {
    GrpcAdmission admission = new GrpcAdmission(limiter, metrics, limits.retryAfterSeconds(), shuttingDown);
    server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .executor(workers)
        // grpc-java applies this before and after gzip, so it also stops gzip bombs.
        .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()))
        .maxConcurrentCallsPerConnection(limits.maxInflightRequests())
        .addService(ServerInterceptors.intercept(
            new GrpcTraceService(traces, metrics, limits.retryAfterSeconds()), admission))
        .addService(ServerInterceptors.intercept(new GrpcMetricsService(metrics), admission))
        .addService(ServerInterceptors.intercept(new GrpcLogsService(), admission))
        .build()
        .start();
    return (InetSocketAddress) server.getListenSockets().get(0);
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
