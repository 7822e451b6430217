package io.pipescope.app.simulation.internal;

import io.pipescope.app.simulation.CodeModel;
import io.pipescope.app.simulation.FeatureType;
import io.pipescope.app.simulation.Findings;
import io.pipescope.app.simulation.Stage;
import io.pipescope.app.simulation.StageRun;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides one feature's way through the factory: schema validation, code generation, the
 * architectural-consistency check, build, test coverage, security scan, deploy and health check,
 * with the rework loops a factory runs: a rejected design or a failed coverage gate or a critical
 * finding sends the feature back to code generation, a flaky build or deploy is rerun, and a
 * failed health check after a deploy is rolled back once someone reacts. A checker gives up after
 * {@link #MAX_ATTEMPTS}; each retry fails half as often as the attempt before.
 */
public final class FeatureFlow {
  public static final int MAX_ATTEMPTS = 3;

  private static final double HEALTHY_LATENCY_MS = 145;
  private static final double INCIDENT_LATENCY_MS = 2_500;
  private static final double CODE_GENERATION_ERROR = 0.015;

  private final Draw draw;
  private final FeatureType type;
  private final String environment;
  private final List<StageRun> runs = new ArrayList<>();
  private final Map<Stage, Integer> attempts = new EnumMap<>(Stage.class);
  private long cursor;

  private FeatureFlow(Draw draw, FeatureType type, String environment, long startNanos) {
    this.draw = draw;
    this.type = type;
    this.environment = environment;
    this.cursor = startNanos;
  }

  /** The stage runs of one feature, in time order; the first starts at {@code startNanos}. */
  public static List<StageRun> run(Draw draw, FeatureType type, String environment, long startNanos) {
    FeatureFlow flow = new FeatureFlow(draw, type, environment, startNanos);
    flow.deliver();
    return flow.runs;
  }

  private void deliver() {
    FeatureType.Risks risks = type.risks();
    // The spec is fixed and revalidated when schema validation rejects it.
    while (!check(Stage.SCHEMA_VALIDATION, risks.schema(), draw.seconds(0.4, 0.25, 0.15, 2))) {
      if (gaveUp(Stage.SCHEMA_VALIDATION)) {
        return;
      }
      pause(draw.seconds(60, 0.6, 10, 600));
    }
    generateCode(false);
    while (!check(Stage.ARCHITECTURAL_CONSISTENCY, risks.architecture(), draw.seconds(4, 0.4, 1, 30))) {
      if (gaveUp(Stage.ARCHITECTURAL_CONSISTENCY)) {
        return;
      }
      generateCode(true);
    }
    while (!check(Stage.BUILD, risks.build(), draw.seconds(type.buildSeconds(), 0.3, 20, 900))) {
      if (gaveUp(Stage.BUILD)) {
        return;
      }
      pause(draw.seconds(10, 0.5, 2, 120));
    }
    while (!check(Stage.TEST_COVERAGE, risks.coverage(), draw.seconds(type.coverageSeconds(), 0.35, 10, 900))) {
      if (gaveUp(Stage.TEST_COVERAGE)) {
        return;
      }
      generateCode(true);
    }
    while (!securityScan(risks.criticalFinding())) {
      if (gaveUp(Stage.SECURITY_SCAN)) {
        return;
      }
      generateCode(true);
    }
    while (!deploy(risks.deploy())) {
      if (gaveUp(Stage.DEPLOY)) {
        return;
      }
      pause(draw.seconds(45, 0.5, 10, 600));
    }
    if (healthCheck(!draw.chance(risks.incident()))) {
      return;
    }
    // The deploy broke the environment: someone notices and rolls back, and the service is healthy again.
    pause(draw.seconds(40 * 60, 0.8, 5 * 60, 6 * 3600));
    rollback();
    healthCheck(true);
  }

  private boolean gaveUp(Stage stage) {
    return attempts.getOrDefault(stage, 0) >= MAX_ATTEMPTS;
  }

  private int nextAttempt(Stage stage) {
    return attempts.merge(stage, 1, Integer::sum);
  }

  private double failureChance(double firstAttempt, int attempt) {
    return firstAttempt / (1 << (attempt - 1));
  }

  private void pause(long nanos) {
    cursor += nanos;
  }

  /** The queueing between two stages: a couple of seconds, now and then more. */
  private void queue() {
    if (!runs.isEmpty()) {
      cursor += draw.seconds(2, 0.7, 0.05, 120);
    }
  }

  private boolean check(Stage stage, double risk, long durationNanos) {
    int attempt = nextAttempt(stage);
    boolean passed = !draw.chance(failureChance(risk, attempt));
    add(stage, attempt, passed, durationNanos, null, null, 0, 0, Findings.NONE, 0);
    return passed;
  }

  /**
   * Code generation until a call succeeds (a call now and then times out or is rate limited). A
   * rework call carries the failure as context and writes a smaller change.
   */
  private void generateCode(boolean rework) {
    CodeModel model = type.model();
    boolean passed;
    do {
      passed = !draw.chance(CODE_GENERATION_ERROR);
      long input = Math.round(draw.logNormal(type.inputTokens() * (rework ? 1.3 : 1.0), 0.35));
      // The prompt holds the spec and the code around the change, so it outweighs what the model writes.
      long output = Math.min(input / 2, Math.round(draw.logNormal(type.outputTokens() * (rework ? 0.6 : 1.0), 0.4)));
      long duration = (long) (model.callSeconds(output) * draw.logNormal(1.0, 0.15) * 1e9);
      if (!passed) {
        output = 0; // the call timed out: the prompt was paid for, nothing came back
      }
      add(Stage.CODE_GENERATION, nextAttempt(Stage.CODE_GENERATION), passed, duration, null, model, input, output,
          Findings.NONE, 0);
    } while (!passed);
  }

  private boolean securityScan(double criticalRisk) {
    Stage stage = Stage.SECURITY_SCAN;
    int attempt = nextAttempt(stage);
    long critical = draw.chance(failureChance(criticalRisk, attempt)) ? 1 + draw.poisson(0.3) : 0;
    Findings findings = new Findings(critical, draw.poisson(0.2), draw.poisson(0.8), draw.poisson(2.0));
    add(stage, attempt, critical == 0, draw.seconds(70, 0.35, 15, 900), null, null, 0, 0, findings, 0);
    return critical == 0;
  }

  private boolean deploy(double risk) {
    Stage stage = Stage.DEPLOY;
    int attempt = nextAttempt(stage);
    boolean passed = !draw.chance(failureChance(risk, attempt));
    add(stage, attempt, passed, draw.seconds(type.deploySeconds(), 0.4, 15, 1800), environment, null, 0, 0,
        Findings.NONE, 0);
    return passed;
  }

  private void rollback() {
    add(Stage.ROLLBACK, nextAttempt(Stage.ROLLBACK), true, draw.seconds(45, 0.4, 10, 600), environment, null, 0, 0,
        Findings.NONE, 0);
  }

  /** A probe of the deployed service: about 145 ms when healthy, seconds (then a 503) when not. */
  private boolean healthCheck(boolean healthy) {
    double latency = healthy
        ? Math.max(40, draw.logNormal(HEALTHY_LATENCY_MS, 0.18))
        : Math.max(1_000, draw.logNormal(INCIDENT_LATENCY_MS, 0.4));
    long duration = (long) ((latency + draw.uniform(150, 400)) * 1e6);
    add(Stage.HEALTH_CHECK, nextAttempt(Stage.HEALTH_CHECK), healthy, duration, environment, null, 0, 0,
        Findings.NONE, Math.round(latency * 10) / 10.0);
    return healthy;
  }

  private void add(Stage stage, int attempt, boolean passed, long durationNanos, String env, CodeModel model,
      long inputTokens, long outputTokens, Findings findings, double latencyMillis) {
    queue();
    long start = cursor;
    cursor += durationNanos;
    runs.add(new StageRun(stage, attempt, passed, start, cursor, env, model, inputTokens, outputTokens, findings,
        latencyMillis));
  }
}
