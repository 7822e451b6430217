package io.pipescope.app.simulation;

import java.util.List;

/**
 * The kinds of feature the simulated factory delivers, each with its share of the traffic, the
 * services it lands in, the model that writes it, its typical sizes and durations, and how often
 * each checker sends it back. The whole shape of the simulated traffic is this table.
 */
public enum FeatureType {
  API("api", 0.35, List.of("payments-api", "ledger-service", "search-api"), CodeModel.CLAUDE_SONNET,
      24_000, 4_500, 95, 55, 90,
      new Risks(0.03, 0.22, 0.04, 0.20, 0.04, 0.03, 0.035)),
  UI("ui", 0.25, List.of("checkout-web", "admin-console"), CodeModel.GPT_41,
      32_000, 6_500, 120, 70, 75,
      new Risks(0.02, 0.15, 0.05, 0.30, 0.03, 0.03, 0.03)),
  DATA_MIGRATION("data-migration", 0.10, List.of("ledger-service", "payments-api"), CodeModel.CLAUDE_SONNET,
      14_000, 2_500, 80, 40, 240,
      new Risks(0.05, 0.28, 0.04, 0.15, 0.02, 0.06, 0.08)),
  BUGFIX("bugfix", 0.30, List.of("payments-api", "ledger-service", "search-api", "checkout-web",
      "notifications-worker"), CodeModel.GPT_41_MINI,
      9_000, 1_200, 85, 45, 80,
      new Risks(0.01, 0.08, 0.04, 0.12, 0.02, 0.02, 0.02));

  /**
   * First-attempt failure probabilities; each retry fails half as often as the attempt before.
   *
   * @param schema schema validation rejects the spec
   * @param architecture the architectural-consistency checker rejects the generated code
   * @param build the build fails (flaky, rerun as is)
   * @param coverage the test-coverage gate fails (tests are generated, then it reruns)
   * @param criticalFinding the security scan finds a critical issue (fixed by code generation)
   * @param deploy the deploy fails (rerun as is)
   * @param incident the health check after a successful deploy fails: a change failure, rolled back later
   */
  public record Risks(double schema, double architecture, double build, double coverage, double criticalFinding,
      double deploy, double incident) {}

  private final String label;
  private final double share;
  private final List<String> services;
  private final CodeModel model;
  private final long inputTokens;
  private final long outputTokens;
  private final double buildSeconds;
  private final double coverageSeconds;
  private final double deploySeconds;
  private final Risks risks;

  FeatureType(String label, double share, List<String> services, CodeModel model, long inputTokens,
      long outputTokens, double buildSeconds, double coverageSeconds, double deploySeconds, Risks risks) {
    this.label = label;
    this.share = share;
    this.services = services;
    this.model = model;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.buildSeconds = buildSeconds;
    this.coverageSeconds = coverageSeconds;
    this.deploySeconds = deploySeconds;
    this.risks = risks;
  }

  /** The {@code factory.feature.type} value: the {@code feature_type} label. */
  public String label() {
    return label;
  }

  /** The fraction of features of this type. */
  public double share() {
    return share;
  }

  public List<String> services() {
    return services;
  }

  public CodeModel model() {
    return model;
  }

  /** Median input tokens of a first code generation call. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Median output tokens of a first code generation call. */
  public long outputTokens() {
    return outputTokens;
  }

  public double buildSeconds() {
    return buildSeconds;
  }

  public double coverageSeconds() {
    return coverageSeconds;
  }

  public double deploySeconds() {
    return deploySeconds;
  }

  public Risks risks() {
    return risks;
  }
}
