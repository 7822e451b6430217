package io.pipescope.app.simulation;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;

/**
 * One feature's trip through the factory: what was decided ({@link #runs}, in time order) and the
 * OTLP spans that report it ({@link #spans}, in the order they end, the feature's root span last,
 * as an OpenTelemetry SDK exports them).
 *
 * @param id {@code factory.feature.id}
 * @param service the service the feature changes; its pipeline is {@code cicd.pipeline.name}
 * @param environment where it is deployed ({@code deployment.environment.name})
 * @param startNanos the feature's start (its root span and first stage), epoch nanoseconds
 * @param endNanos the end of its last span
 */
public record SimulatedFeature(
    String id,
    String name,
    FeatureType type,
    String service,
    String pipeline,
    String environment,
    long startNanos,
    long endNanos,
    FeatureOutcome outcome,
    List<StageRun> runs,
    List<SimulatedSpan> spans) {

  public SimulatedFeature {
    runs = List.copyOf(runs);
    spans = List.copyOf(spans);
  }

  /** All spans as one export request. */
  public ExportTraceServiceRequest toRequest() {
    return TraceRequests.of(spans);
  }

  /** Input plus output tokens over every code generation call. */
  public long tokens() {
    long total = 0;
    for (StageRun run : runs) {
      total += run.inputTokens() + run.outputTokens();
    }
    return total;
  }

  /** Whether any stage ran more than once (rework). */
  public boolean reworked() {
    for (StageRun run : runs) {
      if (run.rework()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lead time for changes: from the start to the end of the passing health check after the deploy;
   * -1 unless the feature succeeded.
   */
  public long leadTimeNanos() {
    if (outcome != FeatureOutcome.SUCCESS) {
      return -1;
    }
    return firstHealthCheck().endNanos() - startNanos;
  }

  /**
   * Whether the deploy broke the environment: the health check after a successful deploy failed
   * (a DORA change failure). The feature then rolls back, and a later health check passes.
   */
  public boolean changeFailure() {
    StageRun check = firstHealthCheck();
    return check != null && !check.passed();
  }

  /** Time to restore: the failed health check's end to the end of the passing one after the rollback; -1 if none. */
  public long restoreNanos() {
    if (!changeFailure()) {
      return -1;
    }
    StageRun last = runs.get(runs.size() - 1);
    return last.endNanos() - firstHealthCheck().endNanos();
  }

  private StageRun firstHealthCheck() {
    for (StageRun run : runs) {
      if (run.stage() == Stage.HEALTH_CHECK) {
        return run;
      }
    }
    return null;
  }
}
