package io.pipescope.app.simulation;

/**
 * An LLM the simulated factory generates code with: the {@code gen_ai.request.model} and
 * {@code gen_ai.provider.name} it reports, and how fast it writes (a call lasts its time to first
 * token plus its output tokens at this speed, which puts code generation at tens of seconds).
 */
public enum CodeModel {
  CLAUDE_SONNET("claude-sonnet-4", "anthropic", 1.8, 95),
  GPT_41("gpt-4.1", "openai", 1.2, 110),
  GPT_41_MINI("gpt-4.1-mini", "openai", 0.6, 180);

  private final String modelName;
  private final String provider;
  private final double firstTokenSeconds;
  private final double outputTokensPerSecond;

  CodeModel(String modelName, String provider, double firstTokenSeconds, double outputTokensPerSecond) {
    this.modelName = modelName;
    this.provider = provider;
    this.firstTokenSeconds = firstTokenSeconds;
    this.outputTokensPerSecond = outputTokensPerSecond;
  }

  public String modelName() {
    return modelName;
  }

  public String provider() {
    return provider;
  }

  /** How long a call that writes {@code outputTokens} takes, before jitter. */
  public double callSeconds(long outputTokens) {
    return firstTokenSeconds + outputTokens / outputTokensPerSecond;
  }
}
