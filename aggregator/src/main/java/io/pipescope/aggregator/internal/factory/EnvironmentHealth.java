package io.pipescope.aggregator.internal.factory;

/**
 * The DORA state of one environment: the last deploy, whether it has already been counted as a
 * change failure, whether the service is down and since when, and the latest health result.
 * Guarded by its own monitor.
 */
final class EnvironmentHealth {
  /** What one event changed, for the caller to count. */
  record Change(boolean changeFailure, double restoredAfterSeconds) {
    static final Change NONE = new Change(false, Double.NaN);
  }

  private boolean deployed;
  private boolean deployCountedAsFailure;
  private long failingSinceNanos = -1;
  private long latestHealthEndNanos = Long.MIN_VALUE;
  private volatile double up = Double.NaN;

  /**
   * A deploy ended. A successful deploy starts a new change; a rollback means the change before it
   * failed (counted once per change) and the service is failing until a health check passes.
   */
  synchronized Change deploy(StageRun run) {
    if (run.rollback) {
      boolean counts = deployed && !deployCountedAsFailure;
      deployCountedAsFailure = true;
      if (failingSinceNanos < 0) {
        failingSinceNanos = run.startNanos;
      }
      return counts ? new Change(true, Double.NaN) : Change.NONE;
    }
    if (!run.result.failed()) {
      deployed = true;
      deployCountedAsFailure = false;
    }
    return Change.NONE;
  }

  /**
   * A health check ended. A failure after a deploy is that deploy's change failure (once); the
   * first failure starts the outage, and the next pass ends it (time to restore).
   */
  synchronized Change healthCheck(StageRun run) {
    boolean passed = !run.result.failed();
    if (run.endNanos >= latestHealthEndNanos) {
      latestHealthEndNanos = run.endNanos;
      up = passed ? 1 : 0;
    }
    if (!passed) {
      boolean counts = deployed && !deployCountedAsFailure;
      if (counts) {
        deployCountedAsFailure = true;
      }
      if (failingSinceNanos < 0) {
        failingSinceNanos = run.endNanos;
      }
      return counts ? new Change(true, Double.NaN) : Change.NONE;
    }
    if (failingSinceNanos >= 0 && run.endNanos >= failingSinceNanos) {
      double restored = (run.endNanos - failingSinceNanos) / 1e9;
      failingSinceNanos = -1;
      return new Change(false, restored);
    }
    return Change.NONE;
  }

  /** 1 when the latest health check passed, 0 when it failed, NaN before any. */
  double up() {
    return up;
  }
}
