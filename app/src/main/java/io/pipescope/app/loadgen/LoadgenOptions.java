package io.pipescope.app.loadgen;

import java.time.Duration;

/**
 * What one load run does, checked once when it is made.
 *
 * @param protocol the wire: OTLP/gRPC, or OTLP/HTTP with protobuf or JSON bodies
 * @param exporters concurrent exporters, each with its own connection and one request in flight
 * @param batchSize spans per export request
 * @param spansPerSecond the target rate across all exporters; 0 sends as fast as answers come back
 * @param duration how long to send; null for no limit (then {@code totalSpans} ends the run)
 * @param totalSpans spans to send in all; 0 for no limit (then {@code duration} ends the run)
 * @param seed the simulator's seed: exporter i simulates with {@code seed + i}
 * @param gzip compress request bodies
 * @param timeout how long one request may take before it counts as failed
 */
public record LoadgenOptions(
    Protocol protocol,
    String host,
    int port,
    int exporters,
    int batchSize,
    double spansPerSecond,
    Duration duration,
    long totalSpans,
    long seed,
    boolean gzip,
    Duration timeout) {

  /** The OTLP wire, named as {@code OTEL_EXPORTER_OTLP_PROTOCOL} names it, with its default port. */
  public enum Protocol {
    GRPC("grpc", 4317),
    HTTP_PROTOBUF("http/protobuf", 4318),
    HTTP_JSON("http/json", 4318);

    private final String label;
    private final int defaultPort;

    Protocol(String label, int defaultPort) {
      this.label = label;
      this.defaultPort = defaultPort;
    }

    public String label() {
      return label;
    }

    public int defaultPort() {
      return defaultPort;
    }

    public static Protocol of(String label) {
      for (Protocol p : values()) {
        if (p.label.equals(label)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown protocol '" + label + "': use grpc, http/protobuf or http/json");
    }
  }

  public LoadgenOptions {
    if (protocol == null || host == null || host.isBlank()) {
      throw new IllegalArgumentException("a protocol and a host are required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be within 1..65535, got " + port);
    }
    if (exporters < 1 || exporters > 1024) {
      throw new IllegalArgumentException("exporters must be within 1..1024, got " + exporters);
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch size must be within 1..100000 spans, got " + batchSize);
    }
    if (!(spansPerSecond >= 0) || Double.isInfinite(spansPerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number of spans per second, got " + spansPerSecond);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (totalSpans < 0) {
      throw new IllegalArgumentException("span count must be positive, got " + totalSpans);
    }
    if (duration == null && totalSpans == 0) {
      throw new IllegalArgumentException("a run needs a duration, a span count, or both");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  public boolean flatOut() {
    return spansPerSecond == 0;
  }

  public String endpoint() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
