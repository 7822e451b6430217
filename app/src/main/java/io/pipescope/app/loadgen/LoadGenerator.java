package io.pipescope.app.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.pipescope.app.loadgen.internal.GrpcExporter;
import io.pipescope.app.loadgen.internal.HttpExporter;
import io.pipescope.app.loadgen.internal.LoadStats;
import io.pipescope.app.loadgen.internal.RateSchedule;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SpanStream;
import io.pipescope.app.simulation.TraceRequests;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Sends simulated factory traffic to an OTLP endpoint with N exporters, flat out or at a target
 * rate, for a duration and/or a span count, and measures what comes back. Each exporter simulates
 * its own features, so a feature's spans travel in order over one connection.
 */
public final class LoadGenerator {
  /** A rate-limited slot reached later than this is dropped rather than sent late. */
  static final long MAX_LAG_NANOS = 1_000_000_000L;
  /**
   * Flat out, an exporter whose request was refused or failed waits this long before the next, as
   * an SDK backs off (more briefly than the server's retry hint, to keep the pressure on): without
   * it a refusing or vanished endpoint is hammered in a tight loop.
   */
  static final long BACKOFF_NANOS = 100_000_000L;

  private final LoadgenOptions options;
  private final Supplier<Exporter> exporters;
  private final long backoffNanos;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public LoadGenerator(LoadgenOptions options) {
    this(options, () -> switch (options.protocol()) {
      case GRPC -> new GrpcExporter(options.host(), options.port(), options.gzip(), options.timeout());
      case HTTP_PROTOBUF -> new HttpExporter(options.host(), options.port(), false, options.gzip(), options.timeout());
      case HTTP_JSON -> new HttpExporter(options.host(), options.port(), true, options.gzip(), options.timeout());
    }, BACKOFF_NANOS);
  }

  /** With exporters from {@code exporters}: a test can measure the generator without a server. */
  LoadGenerator(LoadgenOptions options, Supplier<Exporter> exporters, long backoffNanos) {
    this.options = options;
    this.exporters = exporters;
    this.backoffNanos = backoffNanos;
  }

  /** Ends the run early (Ctrl-C): no new request starts; those in flight are answered and counted. */
  public void stop() {
    stopping.set(true);
  }

  /** Runs to the end and sums it up; {@code progress} hears once a second from another thread. */
  public LoadSummary run(Consumer<Progress> progress) throws InterruptedException {
    LoadStats stats = new LoadStats();
    long start = System.nanoTime();
    long durationNanos = options.duration() == null ? Long.MAX_VALUE : options.duration().toNanos();
    long deadline = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNanos;
    RateSchedule schedule = options.flatOut() ? null
        : new RateSchedule(options.spansPerSecond() / options.batchSize(), start, durationNanos);
    AtomicLong budget = new AtomicLong(options.totalSpans() == 0 ? Long.MAX_VALUE : options.totalSpans());
    AtomicLong features = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> crashes = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < options.exporters(); i++) {
      long seed = options.seed() + i;
      Thread t = new Thread(() -> {
        try {
          features.addAndGet(export(seed, stats, schedule, deadline, budget));
        } catch (RuntimeException | Error e) {
          crashes.add(e);
          stopping.set(true);
        }
      }, "loadgen-exporter-" + i);
      threads.add(t);
    }
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "loadgen-progress");
      t.setDaemon(true);
      return t;
    });
    long[] previous = {0, start};
    reporter.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      Histogram interval = stats.takeInterval();
      long sent = stats.spansSent();
      double seconds = (now - previous[1]) / 1e9;
      progress.accept(new Progress((now - start) / 1e9, (sent - previous[0]) / seconds, sent, stats.spansAccepted(),
          stats.spansRefused(), stats.spansErrors(), stats.requestsDropped(),
          millis(interval.getValueAtPercentile(50), interval), millis(interval.getValueAtPercentile(99), interval)));
      previous[0] = sent;
      previous[1] = now;
    }, 1, 1, TimeUnit.SECONDS);
    threads.forEach(Thread::start);
    try {
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      reporter.shutdownNow();
      reporter.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (!crashes.isEmpty()) {
      throw new IllegalStateException("an exporter crashed: " + crashes.get(0), crashes.get(0));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    stats.takeInterval();
    Histogram all = stats.total();
    LoadSummary.Latency latency = new LoadSummary.Latency(
        millis(all.getValueAtPercentile(50), all), millis(all.getValueAtPercentile(95), all),
        millis(all.getValueAtPercentile(99), all), millis(all.getMaxValue(), all),
        all.getTotalCount() == 0 ? 0 : all.getMean() / 1000.0);
    return new LoadSummary(options.protocol().label(), options.endpoint(), options.exporters(), options.batchSize(),
        options.spansPerSecond(), options.seed(), options.gzip(), elapsed, stats.requestsAccepted(),
        stats.requestsRefused(), stats.requestsFailed(), stats.requestsDropped(), stats.spansSent(),
        stats.spansAccepted(), stats.spansRefused(), stats.spansErrors(), stats.spansRejected(), features.get(),
        latency, stats.statuses());
  }

  /** One exporter's loop; returns the features it began. */
  private long export(long seed, LoadStats stats, RateSchedule schedule, long deadline, AtomicLong budget) {
    SpanStream stream = new SpanStream(new FactorySimulator(seed), () -> System.currentTimeMillis() * 1_000_000L);
    try (Exporter exporter = exporters.get()) {
      while (!stopping.get()) {
        RateSchedule.Slot slot = null;
        if (schedule != null) {
          slot = schedule.take();
          if (slot == null) {
            break;
          }
          if (System.nanoTime() - slot.dueNanos() > MAX_LAG_NANOS) {
            stats.dropped();
            continue;
          }
        } else if (System.nanoTime() - deadline >= 0) {
          break;
        }
        int spans = claim(budget, options.batchSize());
        if (spans == 0) {
          break;
        }
        // The request is built before its slot, so the simulator's time is not the server's.
        ExportTraceServiceRequest request = TraceRequests.of(stream.next(spans));
        if (slot != null) {
          parkUntil(slot.dueNanos());
        }
        long sentAt = System.nanoTime();
        ExportOutcome outcome = exporter.export(request);
        stats.record(outcome, spans, System.nanoTime() - sentAt);
        if (schedule == null && outcome.kind() != ExportOutcome.Kind.ACCEPTED && backoffNanos > 0) {
          parkUntil(Math.min(System.nanoTime() + backoffNanos, deadline));
        }
      }
    }
    return stream.features();
  }

  /** Takes up to {@code batch} spans from what is left to send. */
  private static int claim(AtomicLong budget, int batch) {
    while (true) {
      long left = budget.get();
      if (left <= 0) {
        return 0;
      }
      int take = (int) Math.min(batch, left);
      if (budget.compareAndSet(left, left - take)) {
        return take;
      }
    }
  }

  private static void parkUntil(long dueNanos) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static double millis(long micros, Histogram h) {
    return h.getTotalCount() == 0 ? 0 : micros / 1000.0;
  }
}
