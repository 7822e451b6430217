package io.pipescope.app.demo;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.pipescope.aggregator.FactoryAggregator;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.storage.MetricsFlusher;
import io.pipescope.app.Pipescope;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.config.StorageConfig;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulatedFeature;
import io.pipescope.app.simulation.SimulatedSpan;
import io.pipescope.app.simulation.TraceRequests;
import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.traces.TraceStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Writes weeks of simulated factory history into empty stores. OTLP cannot carry history into
 * counters (pipescope counts a span when it arrives), so the history runs through the factory
 * aggregator pipescope uses, on a simulated clock: spans are fed in the order they end, and every
 * {@code step} of simulated time its metrics are written at that time, as the flusher writes them
 * live. The generic span metrics (calls_total, duration_seconds) start live: they are most of the
 * series and no factory panel reads them. The spans go to the span store too, so history can be drilled into. Started
 * afterwards, pipescope continues every counter from the last value written here.
 */
public final class HistoryBackfill {
  /**
   * What the backfill wrote.
   *
   * @param inFlight spans of features still under way at the end, not yet ended: the live factory
   *     sends them when they end
   */
  public record Result(long features, long spans, long samples, long lastTimestampMillis,
      List<SimulatedSpan> inFlight) {
    public Result {
      inFlight = List.copyOf(inFlight);
    }
  }

  private final PipescopeConfig config;
  private final Duration step;

  /**
   * @param step the resolution of the history; the last hours are written finer (see
   *     {@link #stepBefore}), so the dashboard's short ranges have data from the first minute
   */
  public HistoryBackfill(PipescopeConfig config, Duration step) {
    this.config = config;
    this.step = step;
  }

  /**
   * The step after simulated time {@code t}: {@code step} for old history, 1 minute over the last
   * 6 hours and 15 seconds (the live flush's resolution) over the last hour, so a 15-minute or
   * 1-hour view of the fresh demo shows its rates as the live flushes will.
   */
  long stepBefore(long t, long untilMillis) {
    long left = untilMillis - t;
    if (left <= Duration.ofHours(1).toMillis()) {
      return Math.min(step.toMillis(), 15_000);
    }
    if (left <= Duration.ofHours(6).toMillis()) {
      return Math.min(step.toMillis(), 60_000);
    }
    return step.toMillis();
  }

  /** Whether the configured stores hold no series yet (a fresh demo data directory). */
  public static boolean storeIsEmpty(PipescopeConfig config) throws IOException {
    try (TimeSeriesStore store = TimeSeriesStore.open(Pipescope.storeOptions(config.storage()))) {
      return store.numSeries() == 0 && store.blocks().isEmpty();
    }
  }

  /**
   * Simulates the features that start in {@code [fromMillis, untilMillis)} and writes their metrics
   * and spans; {@code progress} hears about each simulated day.
   */
  public Result run(FactorySimulator simulator, long fromMillis, long untilMillis, Consumer<String> progress)
      throws IOException {
    long[] now = {fromMillis};
    long features = 0;
    long spans = 0;
    // No fsync per flush: history can be written again, and thousands of fsyncs would dominate.
    StorageConfig s = config.storage();
    StorageConfig unsynced = s.withFsync(FsyncPolicy.NEVER);
    try (TimeSeriesStore store = TimeSeriesStore.open(Pipescope.storeOptions(unsynced));
        TraceStore traces = config.traces().enabled()
            ? TraceStore.open(config.traces().options(config.storage().path()), Clock.systemUTC()) : null;
        FactoryAggregator factory = new FactoryAggregator(config.factory(), () -> now[0])) {
      List<MetricSource> sources = List.of(factory);
      MetricsFlusher flusher = new MetricsFlusher(sources, store, step, () -> now[0]);
      PriorityQueue<SimulatedSpan> pending = new PriorityQueue<>(Comparator.comparingLong(SimulatedSpan::endNanos));
      Iterator<SimulatedFeature> arriving = simulator.featuresBetween(fromMillis * 1_000_000L, untilMillis * 1_000_000L);
      SimulatedFeature next = arriving.hasNext() ? arriving.next() : null;
      long day = Duration.ofDays(1).toMillis();
      for (long t = fromMillis + stepBefore(fromMillis, untilMillis); t <= untilMillis;
          t += stepBefore(t, untilMillis)) {
        long stepMillis = stepBefore(t, untilMillis);
        long tNanos = t * 1_000_000L;
        while (next != null && next.startNanos() <= tNanos) {
          pending.addAll(next.spans());
          features++;
          next = arriving.hasNext() ? arriving.next() : null;
        }
        List<SimulatedSpan> ended = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().endNanos() <= tNanos) {
          ended.add(pending.poll());
        }
        now[0] = t;
        if (!ended.isEmpty()) {
          List<ResourceSpans> batch = TraceRequests.of(ended).getResourceSpansList();
          factory.consume(batch);
          if (traces != null) {
            traces.consume(batch);
          }
          spans += ended.size();
        }
        factory.closeIdleFeatures();
        flusher.flushNow();
        if (Math.floorMod(t, day) < stepMillis) {
          store.maintain(t);
          progress.accept(String.format("%s: %,d features, %,d spans", java.time.Instant.ofEpochMilli(t)
              .toString().substring(0, 10), features, spans));
        }
      }
      store.maintain(now[0]);
      flusher.close();
      List<SimulatedSpan> inFlight = new ArrayList<>(pending);
      while (next != null) {
        inFlight.addAll(next.spans());
        next = arriving.hasNext() ? arriving.next() : null;
      }
      return new Result(features, spans, flusher.samplesWritten(), now[0], inFlight);
    }
  }
}
