package io.pipescope.aggregator.internal.factory;

/** How a feature's pipeline ended: the {@code outcome} label of {@code features_completed_total}. */
enum FeatureOutcome {
  /** Deployed, and the health check after the deploy passed (or, without one, the deploy succeeded). */
  SUCCESS("success"),
  /** The deploy failed, the health check after it failed, or the last run of some stage failed. */
  FAILURE("failure"),
  /** Closed without a deploy and without a failing stage: stopped, or never finished. */
  ABANDONED("abandoned");

  final String label;

  FeatureOutcome(String label) {
    this.label = label;
  }
}
