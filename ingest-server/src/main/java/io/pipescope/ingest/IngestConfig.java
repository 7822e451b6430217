package io.pipescope.ingest;

/**
 * Where the OTLP edge listens and what it accepts.
 *
 * @param bindHost address both OTLP ports bind to; loopback by default, as the OpenTelemetry
 *     Collector does since v0.104, so nothing is exposed until an operator says so
 * @param grpcPort OTLP/gRPC port (0 picks a free one)
 * @param httpPort OTLP/HTTP port (0 picks a free one)
 * @param workerThreads threads that decode and aggregate requests
 */
public record IngestConfig(String bindHost, int grpcPort, int httpPort, int workerThreads, IngestLimits limits) {
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_GRPC_PORT = 4317;
  public static final int DEFAULT_HTTP_PORT = 4318;

  public static IngestConfig defaults() {
    return new IngestConfig(DEFAULT_BIND_HOST, DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT,
        Math.max(2, Runtime.getRuntime().availableProcessors()), IngestLimits.DEFAULTS);
  }

  public IngestConfig {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must not be empty");
    }
    port("grpc port", grpcPort);
    port("http port", httpPort);
    if (workerThreads < 1) {
      throw new IllegalArgumentException("worker threads must be at least 1, got " + workerThreads);
    }
  }

  private static void port(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0..65535, got " + port);
    }
  }

  public IngestConfig withPorts(int grpc, int http) {
    return new IngestConfig(bindHost, grpc, http, workerThreads, limits);
  }

  public IngestConfig withLimits(IngestLimits newLimits) {
    return new IngestConfig(bindHost, grpcPort, httpPort, workerThreads, newLimits);
  }
}
