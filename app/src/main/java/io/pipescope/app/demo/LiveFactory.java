package io.pipescope.app.demo;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.simulation.SimulatedSpan;
import io.pipescope.app.simulation.TraceRequests;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The factory running now: features start as the simulator's arrivals say, and each span is
 * exported over OTLP/gRPC once it has ended, as an OpenTelemetry SDK's batch processor would send
 * it. Spans of features already under way (the history's last ones) are handed over at the start.
 */
public final class LiveFactory implements AutoCloseable {
  private final FactorySimulator simulator;
  private final ManagedChannel channel;
  private final TraceServiceGrpc.TraceServiceBlockingStub traces;
  private final LongSupplier clockMillis;
  private final PriorityQueue<SimulatedSpan> pending = new PriorityQueue<>(
      Comparator.comparingLong(SimulatedSpan::endNanos));
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-factory");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong featuresStarted = new AtomicLong();
  private final AtomicLong spansSent = new AtomicLong();
  private final AtomicLong exportFailures = new AtomicLong();
  private long nextArrivalNanos;

  /**
   * @param grpcTarget pipescope's OTLP/gRPC address, {@code host:port}
   * @param inFlight spans not yet ended of features that started before now
   */
  public LiveFactory(FactorySimulator simulator, String grpcTarget, List<SimulatedSpan> inFlight,
      LongSupplier clockMillis) {
    this.simulator = simulator;
    this.clockMillis = clockMillis;
    this.channel = ManagedChannelBuilder.forTarget(grpcTarget).usePlaintext().build();
    this.traces = TraceServiceGrpc.newBlockingStub(channel);
    this.pending.addAll(inFlight);
    this.nextArrivalNanos = simulator.nextArrivalNanos(clockMillis.getAsLong() * 1_000_000L);
  }

  /** Exports what has ended every {@code tickMillis}. */
  public LiveFactory start(long tickMillis) {
    ticker.scheduleWithFixedDelay(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Starts the features due by now and exports every span that has ended; returns how many were sent. */
  synchronized int tick() {
    long now = clockMillis.getAsLong() * 1_000_000L;
    while (nextArrivalNanos <= now) {
      SimulatedFeature f = simulator.feature(nextArrivalNanos);
      pending.addAll(f.spans());
      featuresStarted.incrementAndGet();
      nextArrivalNanos = simulator.nextArrivalNanos(nextArrivalNanos);
    }
    List<SimulatedSpan> ended = new ArrayList<>();
    while (!pending.isEmpty() && pending.peek().endNanos() <= now) {
      ended.add(pending.poll());
    }
    if (ended.isEmpty()) {
      return 0;
    }
    try {
      traces.withDeadlineAfter(10, TimeUnit.SECONDS).export(TraceRequests.of(ended));
      spansSent.addAndGet(ended.size());
      return ended.size();
    } catch (StatusRuntimeException e) {
      // A refused export (pipescope stopping, overloaded) is not retried: the demo goes on.
      exportFailures.incrementAndGet();
      return 0;
    }
  }

  public long featuresStarted() {
    return featuresStarted.get();
  }

  public long spansSent() {
    return spansSent.get();
  }

  public long exportFailures() {
    return exportFailures.get();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    channel.shutdownNow();
  }
}
