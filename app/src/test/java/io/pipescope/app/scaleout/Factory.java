package io.pipescope.app.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.testing.RunningPipescope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated features for the scale-out tests, sent over OTLP/gRPC, and routed by trace id as the
 * Collector's loadbalancing exporter routes them ({@code routing_key: traceID}).
 */
final class Factory {
  private Factory() {}

  /** A day of a simulated factory: features of every type, with rework, failures and incidents. */
  static List<SimulatedFeature> day(long seed) {
    List<SimulatedFeature> features = new ArrayList<>();
    Iterator<SimulatedFeature> it = new FactorySimulator(seed).featuresBetween(nanos("2026-03-02T00:00:00Z"),
        nanos("2026-03-03T00:00:00Z"));
    it.forEachRemaining(features::add);
    return features;
  }

  /** Which of {@code instances} a feature's trace goes to: every span of a trace to the same one. */
  static int route(SimulatedFeature feature, int instances) {
    byte[] traceId = feature.spans().get(0).span().getTraceId().toByteArray();
    for (var s : feature.spans()) {
      assertEquals(feature.spans().get(0).span().getTraceId(), s.span().getTraceId(), "one trace per feature");
    }
    return Math.floorMod(java.util.Arrays.hashCode(traceId), instances);
  }

  static void send(RunningPipescope to, List<SimulatedFeature> features) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder
        .forTarget("127.0.0.1:" + to.pipescope().grpcAddress().getPort()).usePlaintext().build();
    try {
      TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
      for (SimulatedFeature f : features) {
        assertEquals(0, stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(f.toRequest()).getPartialSuccess()
            .getRejectedSpans());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** {@code --set} overrides for an instance that remote-writes to {@code url} with a short flush. */
  static List<String> instance(String name, String url) {
    return List.of(
        "external_labels={pipescope_instance: " + name + "}",
        "storage.flush_interval=300ms",
        "remote_write=[{url: '" + url + "', queue_config: {batch_send_deadline: 100ms, min_backoff: 50ms,"
            + " max_backoff: 400ms}}]");
  }

  private static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
