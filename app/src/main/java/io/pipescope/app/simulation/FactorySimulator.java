package io.pipescope.app.simulation;

import io.pipescope.app.simulation.internal.Draw;
import io.pipescope.app.simulation.internal.FeatureFlow;
import io.pipescope.app.simulation.internal.SpanWriter;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A software factory that delivers features, as OTLP spans: each feature passes schema
 * validation, code generation (tokens by model), an architectural-consistency check, build, test
 * coverage, security scan, deploy and health check, with rework where checkers send it back, rerun
 * builds and deploys, and now and then a deploy that breaks its environment and is rolled back.
 * The traffic's shape is {@link FeatureType}'s table.
 *
 * <p>A seed fixes everything: two simulators with the same seed, asked the same questions in the
 * same order, give the same features, ids and bytes. The caller chooses when each feature starts,
 * so one simulator serves live traffic ({@code feature(now)}) and history
 * ({@link #featuresBetween} over the last 30 days). Not thread-safe: one simulator per thread.
 */
public final class FactorySimulator {
  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
  private static final long NANOS_PER_DAY = 24 * NANOS_PER_HOUR;
  private static final String[] SUBJECTS = {
    "invoice", "refund", "user profile", "ledger entry", "search filter", "order history", "payout",
    "notification preference", "currency conversion", "audit log", "discount code", "shipping address"
  };

  private final SimulationProfile profile;
  private final Draw arrivals;
  private final Draw decisions;
  private final SpanWriter writer;
  private long sequence = 1000;
  private int deploys;

  public FactorySimulator(long seed) {
    this(SimulationProfile.DEFAULT, seed);
  }

  public FactorySimulator(SimulationProfile profile, long seed) {
    this.profile = profile;
    SplittableRandom root = new SplittableRandom(seed);
    // Separate streams: when features start does not depend on what happened to earlier ones.
    this.arrivals = new Draw(root.split());
    this.decisions = new Draw(root.split());
    this.writer = new SpanWriter(new Draw(root.split()));
  }

  /** The next feature, starting at {@code startNanos} (epoch nanoseconds, past or future). */
  public SimulatedFeature feature(long startNanos) {
    long number = ++sequence;
    FeatureType type = pickType();
    String service = decisions.oneOf(type.services());
    String environment = decisions.chance(profile.productionShare()) ? "production" : "staging";
    String name = featureName(type);
    List<StageRun> runs = FeatureFlow.run(decisions, type, environment, startNanos);
    FeatureOutcome outcome = outcome(runs);
    long end = runs.get(runs.size() - 1).endNanos();
    String id = "FEAT-" + number;
    SpanWriter.FeatureContext context = new SpanWriter.FeatureContext(id, name, type.label(), service + "-delivery",
        id + "-run-1", service, outcome, startNanos, end);
    List<SimulatedSpan> spans = writer.write(context, runs, deploys);
    for (StageRun run : runs) {
      if (run.stage() == Stage.DEPLOY || run.stage() == Stage.ROLLBACK) {
        deploys++;
      }
    }
    return new SimulatedFeature(id, name, type, service, context.pipeline(), environment, startNanos, end, outcome,
        runs, spans);
  }

  /**
   * When the next feature after {@code afterNanos} starts: Poisson arrivals at
   * {@link SimulationProfile#featuresPerHour}, thinned to a working week when the profile asks.
   */
  public long nextArrivalNanos(long afterNanos) {
    double peak = profile.workingHours() ? WorkingWeek.PEAK : 1.0;
    double meanGapNanos = NANOS_PER_HOUR / (profile.featuresPerHour() * peak);
    long t = afterNanos;
    while (true) {
      t += Math.max(1, (long) arrivals.exponential(meanGapNanos));
      double rate = profile.workingHours() ? WorkingWeek.rate(t) : 1.0;
      if (arrivals.chance(rate / peak)) {
        return t;
      }
    }
  }

  /**
   * The features that start in {@code [fromNanos, untilNanos)}, in start order, made one at a time
   * as the iterator is advanced (30 days of history need not fit in memory at once).
   */
  public Iterator<SimulatedFeature> featuresBetween(long fromNanos, long untilNanos) {
    return new Iterator<>() {
      private long next = nextArrivalNanos(fromNanos);

      @Override
      public boolean hasNext() {
        return next < untilNanos;
      }

      @Override
      public SimulatedFeature next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SimulatedFeature feature = feature(next);
        next = nextArrivalNanos(next);
        return feature;
      }
    };
  }

  private FeatureType pickType() {
    double x = decisions.uniform(0, 1);
    FeatureType[] types = FeatureType.values();
    for (FeatureType type : types) {
      x -= type.share();
      if (x < 0) {
        return type;
      }
    }
    return types[types.length - 1];
  }

  private String featureName(FeatureType type) {
    String subject = SUBJECTS[decisions.index(SUBJECTS.length)];
    return switch (type) {
      case API -> "Add " + subject + " endpoint";
      case UI -> "Build " + subject + " page";
      case DATA_MIGRATION -> "Migrate " + subject + " records";
      case BUGFIX -> "Fix " + subject + " rounding";
    };
  }

  private static FeatureOutcome outcome(List<StageRun> runs) {
    StageRun last = runs.get(runs.size() - 1);
    boolean healthy = last.stage() == Stage.HEALTH_CHECK && last.passed() && runs.stream()
        .noneMatch(r -> r.stage() == Stage.ROLLBACK);
    return healthy ? FeatureOutcome.SUCCESS : FeatureOutcome.FAILURE;
  }

  /** Arrival rate over a week relative to the mean: busy on weekday working hours (UTC). */
  private static final class WorkingWeek {
    private static final double WORKDAY = 2.0;
    private static final double WEEKDAY_NIGHT = 0.5;
    private static final double WEEKEND = 0.25;
    /** (5 days x (10 h x 2.0 + 14 h x 0.5) + 2 days x 24 h x 0.25) / 168 h: divides the factors to a mean of 1. */
    private static final double MEAN = (5 * (10 * WORKDAY + 14 * WEEKDAY_NIGHT) + 2 * 24 * WEEKEND) / 168.0;
    static final double PEAK = WORKDAY / MEAN;

    static double rate(long epochNanos) {
      long day = Math.floorDiv(epochNanos, NANOS_PER_DAY);
      int dayOfWeek = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
      int hour = (int) Math.floorDiv(Math.floorMod(epochNanos, NANOS_PER_DAY), NANOS_PER_HOUR);
      if (dayOfWeek >= 5) {
        return WEEKEND / MEAN;
      }
      return (hour >= 8 && hour < 18 ? WORKDAY : WEEKDAY_NIGHT) / MEAN;
    }
  }
}
