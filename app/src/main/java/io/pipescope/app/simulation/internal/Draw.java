package io.pipescope.app.simulation.internal;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The random draws the simulation makes, from one {@link SplittableRandom} so that a seed fixes
 * every value. Normal deviates come from Box-Muller written here rather than from the JDK's
 * {@code nextGaussian}, whose algorithm the JDK does not promise to keep.
 */
public final class Draw {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final SplittableRandom random;

  public Draw(SplittableRandom random) {
    this.random = random;
  }

  public boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  public double uniform(double from, double to) {
    return from + random.nextDouble() * (to - from);
  }

  public int index(int size) {
    return random.nextInt(size);
  }

  public <T> T oneOf(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  /** A standard normal deviate (Box-Muller; one of the pair is discarded to keep no state). */
  public double normal() {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * A log-normal value with the given median; {@code spread} is sigma of the log, so about 95 % of
   * values fall within median / e^(2 spread) .. median * e^(2 spread).
   */
  public double logNormal(double median, double spread) {
    return median * Math.exp(spread * normal());
  }

  /** A log-normal duration in nanoseconds, clamped to [min, max] seconds. */
  public long seconds(double medianSeconds, double spread, double minSeconds, double maxSeconds) {
    double s = Math.min(maxSeconds, Math.max(minSeconds, logNormal(medianSeconds, spread)));
    return (long) (s * NANOS_PER_SECOND);
  }

  /** A Poisson count (Knuth's method; fine for the small means used here). */
  public long poisson(double mean) {
    double limit = Math.exp(-mean);
    long k = 0;
    double p = random.nextDouble();
    while (p > limit) {
      k++;
      p *= random.nextDouble();
    }
    return k;
  }

  /** An exponential wait with the given mean, for Poisson arrivals. */
  public double exponential(double mean) {
    return -mean * Math.log(1.0 - random.nextDouble());
  }

  public void bytes(byte[] into) {
    for (int i = 0; i < into.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < into.length; j++) {
        into[i + j] = (byte) (v >>> (8 * j));
      }
    }
  }
}
