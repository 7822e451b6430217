package io.pipescope.aggregator.internal.factory;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Groups spans into features by trace id, with bounded memory: at most {@code maxInFlight} traces
 * are assembled at once (past it the least recently updated ones are closed early), a trace idle
 * for the timeout is closed, and a span that arrives after its feature closed is counted as late.
 * Every feature is closed exactly once and handed to {@code onClose}; how it was closed is counted.
 */
final class FeatureAssembler {
  static final String CLOSED_COMPLETE = "complete";
  static final String CLOSED_IDLE = "idle";
  static final String CLOSED_EVICTED = "evicted";

  private final int maxInFlight;
  private final long idleMillis;
  private final Consumer<FeatureSummary> onClose;
  private final ConcurrentHashMap<ByteString, FeatureState> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Map<ByteString, Boolean> recentlyClosed;
  private final LongAdder lateSpans = new LongAdder();
  private final Map<String, LongAdder> closedBy = new ConcurrentHashMap<>();

  FeatureAssembler(int maxInFlight, long idleMillis, Consumer<FeatureSummary> onClose) {
    this.maxInFlight = maxInFlight;
    this.idleMillis = idleMillis;
    this.onClose = onClose;
    int remembered = maxInFlight;
    // Remembers as many closed traces as may be open, to tell a late span from a new trace.
    this.recentlyClosed = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
        return size() > remembered;
      }
    };
    for (String reason : List.of(CLOSED_COMPLETE, CLOSED_IDLE, CLOSED_EVICTED)) {
      closedBy.put(reason, new LongAdder());
    }
  }

  /**
   * Adds a span to its feature; returns whether the run is a retry of an earlier one (see
   * {@link FeatureState#add}), or false for a late span of a closed feature.
   */
  boolean add(ByteString traceId, StageRun run, long nowMillis) {
    FeatureState state = inFlight.get(traceId);
    if (state == null) {
      state = open(traceId, nowMillis);
    }
    // No state, or a closed one: the feature closed before this span got in (maybe since the lookup).
    FeatureState.Added added = state == null ? FeatureState.Added.TOO_LATE : state.add(run, nowMillis);
    if (added == FeatureState.Added.TOO_LATE) {
      // The root span usually ends after the health check that completed the feature: not late.
      if (!run.root) {
        lateSpans.increment();
      }
      return run.attempt > 1;
    }
    if (state.complete()) {
      close(traceId, state, CLOSED_COMPLETE);
    }
    return added == FeatureState.Added.RETRY;
  }

  /** The environment of the deploy in this trace, if one was seen. */
  String deployEnvironment(ByteString traceId) {
    FeatureState state = inFlight.get(traceId);
    return state == null ? null : state.deployEnvironment();
  }

  /** The trace's feature, opened if need be; null if the trace was closed recently (the span is late). */
  private FeatureState open(ByteString traceId, long nowMillis) {
    FeatureState fresh;
    FeatureState raced;
    // close() records the trace under this lock before removing it from inFlight, so a trace being
    // closed is either seen here as closed or still found by putIfAbsent: never opened a second time.
    // The state is made only after that check, so a late span allocates nothing.
    synchronized (recentlyClosed) {
      if (recentlyClosed.containsKey(traceId)) {
        return null;
      }
      fresh = new FeatureState(traceId);
      fresh.lastTouchedMillis = nowMillis;
      raced = inFlight.putIfAbsent(traceId, fresh);
    }
    if (raced != null) {
      return raced;
    }
    if (size.incrementAndGet() > maxInFlight) {
      evictOldest(Math.max(1, maxInFlight / 100), traceId);
    }
    return fresh;
  }

  /** Closes the {@code count} least recently updated features (never {@code keep}). */
  private void evictOldest(int count, ByteString keep) {
    PriorityQueue<Map.Entry<ByteString, FeatureState>> newest =
        new PriorityQueue<>((a, b) -> Long.compare(b.getValue().lastTouchedMillis, a.getValue().lastTouchedMillis));
    for (Map.Entry<ByteString, FeatureState> e : inFlight.entrySet()) {
      if (e.getKey().equals(keep)) {
        continue;
      }
      newest.add(e);
      if (newest.size() > count) {
        newest.poll();
      }
    }
    for (Map.Entry<ByteString, FeatureState> e : newest) {
      close(e.getKey(), e.getValue(), CLOSED_EVICTED);
    }
  }

  /** Closes every feature idle for longer than the timeout. */
  void closeIdle(long nowMillis) {
    List<Map.Entry<ByteString, FeatureState>> idle = new ArrayList<>();
    for (Map.Entry<ByteString, FeatureState> e : inFlight.entrySet()) {
      if (nowMillis - e.getValue().lastTouchedMillis >= idleMillis) {
        idle.add(e);
      }
    }
    for (Map.Entry<ByteString, FeatureState> e : idle) {
      close(e.getKey(), e.getValue(), CLOSED_IDLE);
    }
  }

  private void close(ByteString traceId, FeatureState state, String reason) {
    FeatureSummary summary = state.close(reason);
    if (summary == null) {
      return;
    }
    synchronized (recentlyClosed) {
      recentlyClosed.put(traceId, Boolean.TRUE);
    }
    if (inFlight.remove(traceId, state)) {
      size.decrementAndGet();
    }
    closedBy.get(reason).increment();
    onClose.accept(summary);
  }

  int inFlight() {
    return size.get();
  }

  long lateSpans() {
    return lateSpans.sum();
  }

  long closed(String reason) {
    return closedBy.get(reason).sum();
  }
}
