package io.pipescope.aggregator.internal.factory;

import java.util.List;

/**
 * A fact the factory aggregator reads from span (and resource) attributes, with the attribute
 * names that carry it by default: the OpenTelemetry semantic convention first, then the plain
 * names teams use today. Configuration can add aliases; earlier names win when several are set.
 */
public enum FactField {
  CHECKER_NAME("checker_name", "cicd.pipeline.task.name", "checker.name"),
  RESULT("result", "cicd.pipeline.task.run.result", "status"),
  ATTEMPT("attempt", "factory.attempt", "retry"),
  FEATURE_ID("feature_id", "factory.feature.id"),
  FEATURE_TYPE("feature_type", "factory.feature.type"),
  FEATURE_NAME("feature_name", "factory.feature.name"),
  PIPELINE("pipeline", "cicd.pipeline.name"),
  STAGE_KIND("stage_kind", "factory.stage.kind"),
  GEN_AI_OPERATION("gen_ai_operation", "gen_ai.operation.name"),
  MODEL("model", "gen_ai.request.model", "model"),
  INPUT_TOKENS("input_tokens", "gen_ai.usage.input_tokens"),
  OUTPUT_TOKENS("output_tokens", "gen_ai.usage.output_tokens"),
  TOTAL_TOKENS("total_tokens", "tokens_used"),
  ENVIRONMENT("environment", "deployment.environment.name", "environment"),
  DEPLOYMENT_ID("deployment_id", "deployment.id"),
  ROLLBACK("rollback", "factory.deployment.rollback", "rollback"),
  LATENCY_MS("latency_ms", "latency_ms"),
  FINDINGS("findings", "factory.security.findings", "findings"),
  FINDINGS_CRITICAL("findings_critical", "factory.security.findings.critical"),
  FINDINGS_HIGH("findings_high", "factory.security.findings.high"),
  FINDINGS_MEDIUM("findings_medium", "factory.security.findings.medium"),
  FINDINGS_LOW("findings_low", "factory.security.findings.low");

  private final String configKey;
  private final List<String> defaultAttributes;

  FactField(String configKey, String... defaultAttributes) {
    this.configKey = configKey;
    this.defaultAttributes = List.of(defaultAttributes);
  }

  /** The key under {@code aggregator.factory.attributes} that adds aliases for this fact. */
  public String configKey() {
    return configKey;
  }

  public List<String> defaultAttributes() {
    return defaultAttributes;
  }

  /** Facts also read from resource attributes when the span does not carry them. */
  boolean alsoOnResource() {
    return this == FEATURE_ID || this == FEATURE_TYPE || this == FEATURE_NAME || this == PIPELINE
        || this == ENVIRONMENT;
  }
}
