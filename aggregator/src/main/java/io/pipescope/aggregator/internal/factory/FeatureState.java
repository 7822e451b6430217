package io.pipescope.aggregator.internal.factory;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;

/**
 * One feature being assembled from the spans of its trace. Spans may arrive in any order and in
 * several batches; the state only keeps what the feature metrics need, so its size does not grow
 * with the number of spans. Guarded by its own monitor (one trace's spans rarely race).
 */
final class FeatureState {
  private static final class CheckerRuns {
    int runs;
    boolean reworked;
    long lastEndNanos = Long.MIN_VALUE;
    boolean lastFailed;
  }

  private final Map<String, CheckerRuns> checkers = new HashMap<>(8);
  private final ByteString traceId;
  private long firstStartNanos = Long.MAX_VALUE;
  private long lastEndNanos = Long.MIN_VALUE;
  private String featureType;
  private long tokens;
  private boolean deploySeen;
  private boolean deploySucceeded;
  private long deployEndNanos;
  private String deployEnvironment;
  private boolean healthSeen;
  private boolean healthPassed;
  private long healthEndNanos;
  private boolean rootEnded;
  private boolean closed;
  volatile long lastTouchedMillis;

  FeatureState(ByteString traceId) {
    this.traceId = traceId;
  }

  /** What {@link #add} made of a span. */
  enum Added {
    RUN,
    /** The run retries an earlier run of the same checker. */
    RETRY,
    /** The feature was already closed (by another thread since the caller found it): the span is late. */
    TOO_LATE
  }

  /**
   * Adds one span, unless the feature is closed. A run is a retry of an earlier run of the same
   * checker when its attempt is 2 or more or, when the span does not say, the checker already ran
   * for this feature.
   */
  synchronized Added add(StageRun run, long nowMillis) {
    if (closed) {
      return Added.TOO_LATE;
    }
    lastTouchedMillis = nowMillis;
    firstStartNanos = Math.min(firstStartNanos, run.startNanos);
    lastEndNanos = Math.max(lastEndNanos, run.endNanos);
    if (featureType == null && run.featureType != null) {
      featureType = run.featureType;
    }
    tokens += run.tokens;
    boolean retry = false;
    if (run.checker != null) {
      CheckerRuns runs = checkers.computeIfAbsent(run.checker, k -> new CheckerRuns());
      runs.runs++;
      retry = run.attempt > 0 ? run.attempt > 1 : runs.runs > 1;
      runs.reworked |= retry;
      if (run.endNanos >= runs.lastEndNanos) {
        runs.lastEndNanos = run.endNanos;
        runs.lastFailed = run.result.failed();
      }
    }
    if (run.kind == StageKind.DEPLOY && !run.rollback && run.endNanos >= deployEndNanos) {
      deploySeen = true;
      deploySucceeded = !run.result.failed();
      deployEndNanos = run.endNanos;
      deployEnvironment = run.environment;
    }
    if (run.kind == StageKind.HEALTH_CHECK && run.endNanos >= healthEndNanos) {
      healthSeen = true;
      healthPassed = !run.result.failed();
      healthEndNanos = run.endNanos;
    }
    if (run.root) {
      rootEnded = true;
    }
    return retry ? Added.RETRY : Added.RUN;
  }

  /** The environment of this feature's deploy, for health checks that do not name one. */
  synchronized String deployEnvironment() {
    return deployEnvironment;
  }

  /** Complete: its deploy and the health check after it have both ended, or its root span has. */
  synchronized boolean complete() {
    return (deploySeen && healthSeen && healthEndNanos >= deployEndNanos) || rootEnded;
  }

  /** Closes the feature once; null if another thread closed it first. */
  synchronized FeatureSummary close(String closedBy) {
    if (closed) {
      return null;
    }
    closed = true;
    boolean healthy = deploySucceeded && (!healthSeen || healthEndNanos < deployEndNanos || healthPassed);
    boolean verified = healthSeen && healthEndNanos >= deployEndNanos;
    FeatureOutcome outcome;
    double leadTime = Double.NaN;
    long endNanos = lastEndNanos;
    if (deploySeen && healthy) {
      outcome = FeatureOutcome.SUCCESS;
      long doneNanos = verified ? healthEndNanos : deployEndNanos;
      leadTime = (doneNanos - firstStartNanos) / 1e9;
      endNanos = doneNanos;
    } else if (deploySeen || anyStageEndedFailed()) {
      outcome = FeatureOutcome.FAILURE;
    } else {
      outcome = FeatureOutcome.ABANDONED;
    }
    int reworkStages = 0;
    for (CheckerRuns runs : checkers.values()) {
      if (runs.reworked) {
        reworkStages++;
      }
    }
    return new FeatureSummary(featureType, outcome, leadTime, reworkStages, tokens, closedBy, traceId,
        endNanos / 1_000_000);
  }

  private boolean anyStageEndedFailed() {
    for (CheckerRuns runs : checkers.values()) {
      if (runs.lastFailed) {
        return true;
      }
    }
    return false;
  }
}
