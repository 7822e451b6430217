package io.pipescope.app.simulation;

/** How a simulated feature ended, named as pipescope's {@code features_completed_total{outcome}}. */
public enum FeatureOutcome {
  /** Deployed, and the health check after the deploy passed. */
  SUCCESS("success"),
  /** A checker gave up after its last attempt, the deploy failed, or the health check after it did. */
  FAILURE("failure");

  private final String label;

  FeatureOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
