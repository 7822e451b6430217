package io.pipescope.app.simulation;

/**
 * One run of a stage as the simulator decided it: the ground truth behind one span, for callers
 * that want to know what was sent without decoding it (tests compare pipescope's metrics with it).
 * Fields that do not apply to the stage are null or zero.
 *
 * @param attempt 1 for the first run of the stage in the feature, 2 and up for rework
 * @param environment the deploy environment (deploy, rollback and health check)
 * @param model the model (code generation)
 * @param findings what was found (security scan)
 * @param latencyMillis the latency the health check measured
 */
public record StageRun(
    Stage stage,
    int attempt,
    boolean passed,
    long startNanos,
    long endNanos,
    String environment,
    CodeModel model,
    long inputTokens,
    long outputTokens,
    Findings findings,
    double latencyMillis) {

  public long durationNanos() {
    return endNanos - startNanos;
  }

  public boolean rework() {
    return attempt > 1;
  }
}
