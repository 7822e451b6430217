package io.pipescope.app.simulation;

/**
 * The traffic a simulated factory carries.
 *
 * @param featuresPerHour features started per hour, on average over a week
 * @param productionShare the fraction of features deployed to {@code production}; the rest go to
 *     {@code staging}
 * @param workingHours whether arrivals follow a working week (busy on weekdays 08:00-18:00 UTC, quiet
 *     at night and at weekends) rather than a constant rate
 */
public record SimulationProfile(double featuresPerHour, double productionShare, boolean workingHours) {
  /** About 144 features a day, 85 % deployed to production, on a working week. */
  public static final SimulationProfile DEFAULT = new SimulationProfile(6, 0.85, true);

  public SimulationProfile {
    if (!(featuresPerHour > 0)) {
      throw new IllegalArgumentException("featuresPerHour must be positive, got " + featuresPerHour);
    }
    if (!(productionShare >= 0 && productionShare <= 1)) {
      throw new IllegalArgumentException("productionShare must be within [0, 1], got " + productionShare);
    }
  }
}
