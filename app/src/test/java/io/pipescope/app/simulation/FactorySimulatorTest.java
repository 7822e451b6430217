package io.pipescope.app.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's traffic: deterministic, placed where the caller asks, and shaped like a real factory's. */
class FactorySimulatorTest {
  private static final long T0 = nanos("2026-03-02T09:00:00Z");
  private static final long MINUTE = 60_000_000_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final int FEATURES = 4000;

  private static List<SimulatedFeature> sample;

  @BeforeAll
  static void simulate() {
    FactorySimulator simulator = new FactorySimulator(1234L);
    sample = new ArrayList<>();
    for (int i = 0; i < FEATURES; i++) {
      sample.add(simulator.feature(T0 + i * 7 * MINUTE));
    }
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
    byte[] first = requestBytes(new FactorySimulator(99L), 50);
    assertArrayEquals(first, requestBytes(new FactorySimulator(99L), 50));
    assertFalse(Arrays.equals(first, requestBytes(new FactorySimulator(100L), 50)));
  }

  @Test
  void featuresStartWhenTheCallerSays() {
    FactorySimulator simulator = new FactorySimulator(5L);
    SimulatedFeature feature = simulator.feature(T0);
    assertEquals(T0, feature.startNanos());
    assertEquals(T0, feature.runs().get(0).startNanos(), "the first stage starts with the feature");
    Span root = feature.spans().get(feature.spans().size() - 1).span();
    assertEquals(T0, root.getStartTimeUnixNano());
    assertEquals(feature.endNanos(), root.getEndTimeUnixNano());
  }

  @Test
  void thirtyDaysOfHistoryArriveInOrderInsideTheWindowAndBusierOnWorkdays() {
    long until = nanos("2026-04-01T00:00:00Z");
    long from = until - 30 * DAY;
    List<Long> starts = new ArrayList<>();
    new FactorySimulator(7L).featuresBetween(from, until).forEachRemaining(f -> starts.add(f.startNanos()));
    // 6 an hour on average: 4320 expected; Poisson noise is a few percent.
    assertTrue(starts.size() > 4000 && starts.size() < 4650, "features in 30 days: " + starts.size());
    for (int i = 0; i < starts.size(); i++) {
      assertTrue(starts.get(i) >= from && starts.get(i) < until);
      assertTrue(i == 0 || starts.get(i) > starts.get(i - 1), "in start order");
    }
    long workHours = starts.stream().filter(FactorySimulatorTest::weekdayWorkingHour).count();
    // 50 of 168 hours a week, at four times the night rate and eight times the weekend's: 68 % of arrivals.
    double share = (double) workHours / starts.size();
    assertTrue(share > 0.62 && share < 0.74, "share of features started on weekday working hours: " + share);
  }

  @Test
  void stageDurationsAreThoseOfARealFactory() {
    assertMedianSeconds(Stage.SCHEMA_VALIDATION, 0.3, 0.5);
    assertMedianSeconds(Stage.CODE_GENERATION, 10, 90);
    assertMedianSeconds(Stage.BUILD, 60, 150);
    assertMedianSeconds(Stage.TEST_COVERAGE, 30, 90);
    assertMedianSeconds(Stage.SECURITY_SCAN, 40, 120);
    assertMedianSeconds(Stage.DEPLOY, 60, 180);
    double latency = median(runs(r -> r.stage() == Stage.HEALTH_CHECK && r.passed()).stream()
        .mapToDouble(StageRun::latencyMillis).toArray());
    assertTrue(latency > 135 && latency < 155, "healthy check latency median " + latency + " ms");
    double failing = median(runs(r -> r.stage() == Stage.HEALTH_CHECK && !r.passed()).stream()
        .mapToDouble(StageRun::latencyMillis).toArray());
    assertTrue(failing >= 1000, "a failing health check is slow: " + failing + " ms");
  }

  @Test
  void architectureAndCoverageCheckersReworkMostAndEveryRetryFollowsAFailure() {
    Map<Stage, Double> rate = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      List<StageRun> all = runs(r -> r.stage() == stage);
      rate.put(stage, all.isEmpty() ? 0 : (double) all.stream().filter(StageRun::rework).count() / all.size());
    }
    assertTrue(rate.get(Stage.ARCHITECTURAL_CONSISTENCY) > 0.1, rate.toString());
    assertTrue(rate.get(Stage.TEST_COVERAGE) > 0.1, rate.toString());
    for (Stage lower : List.of(Stage.SCHEMA_VALIDATION, Stage.BUILD, Stage.SECURITY_SCAN, Stage.DEPLOY)) {
      assertTrue(rate.get(lower) > 0, lower + " reworks sometimes: " + rate);
      assertTrue(rate.get(lower) < rate.get(Stage.ARCHITECTURAL_CONSISTENCY), rate.toString());
      assertTrue(rate.get(lower) < rate.get(Stage.TEST_COVERAGE), rate.toString());
    }
    for (SimulatedFeature f : sample) {
      for (int i = 0; i < f.runs().size(); i++) {
        StageRun run = f.runs().get(i);
        if (run.rework() && run.stage() != Stage.CODE_GENERATION && run.stage() != Stage.HEALTH_CHECK) {
          StageRun previous = lastRunBefore(f, i, run.stage());
          assertEquals(run.attempt() - 1, previous.attempt());
          assertFalse(previous.passed(), "attempt " + run.attempt() + " of " + run.stage() + " follows a failure");
        }
      }
    }
  }

  @Test
  void codeGenerationSpendsTokensByModelWithMoreInputThanOutput() {
    for (FeatureType type : FeatureType.values()) {
      List<StageRun> calls = new ArrayList<>();
      sample.stream().filter(f -> f.type() == type).forEach(f -> f.runs().stream()
          .filter(r -> r.stage() == Stage.CODE_GENERATION).forEach(calls::add));
      assertFalse(calls.isEmpty(), type.toString());
      for (StageRun call : calls) {
        assertEquals(type.model(), call.model());
        assertTrue(call.inputTokens() > call.outputTokens(), call.toString());
        assertEquals(call.passed(), call.outputTokens() > 0, "a failed call wrote nothing: " + call);
      }
    }
  }

  @Test
  void someDeploysBreakTheirEnvironmentAndAreRestoredByARollback() {
    List<SimulatedFeature> incidents = sample.stream().filter(SimulatedFeature::changeFailure).toList();
    double rate = (double) incidents.size() / sample.size();
    assertTrue(rate > 0.01 && rate < 0.08, "change failure rate " + rate);
    for (SimulatedFeature f : incidents) {
      assertEquals(FeatureOutcome.FAILURE, f.outcome());
      List<Stage> tail = f.runs().subList(f.runs().size() - 3, f.runs().size()).stream().map(StageRun::stage).toList();
      assertEquals(List.of(Stage.HEALTH_CHECK, Stage.ROLLBACK, Stage.HEALTH_CHECK), tail);
      assertTrue(f.runs().get(f.runs().size() - 1).passed());
      assertTrue(f.restoreNanos() >= 5 * MINUTE, "restored after " + f.restoreNanos() / MINUTE + " min");
    }
    assertTrue(sample.stream().anyMatch(f -> f.runs().stream()
        .anyMatch(r -> r.stage() == Stage.DEPLOY && !r.passed())), "a failed deploy");
    long succeeded = sample.stream().filter(f -> f.outcome() == FeatureOutcome.SUCCESS).count();
    assertTrue(succeeded > 0.9 * FEATURES, "most features ship: " + succeeded);
    assertTrue(sample.stream().anyMatch(f -> f.environment().equals("staging")));
  }

  @Test
  void spansAreValidOtlpInEndOrderWithTheRootLastAndTheContractsAttributes() {
    for (SimulatedFeature f : sample.subList(0, 500)) {
      List<SimulatedSpan> spans = f.spans();
      assertEquals(f.runs().size() + 1, spans.size());
      Span root = spans.get(spans.size() - 1).span();
      assertTrue(root.getParentSpanId().isEmpty());
      for (int i = 0; i < spans.size(); i++) {
        Span span = spans.get(i).span();
        assertEquals(16, span.getTraceId().size());
        assertEquals(root.getTraceId(), span.getTraceId());
        assertTrue(span.getEndTimeUnixNano() >= span.getStartTimeUnixNano());
        assertTrue(i == 0 || span.getEndTimeUnixNano() >= spans.get(i - 1).endNanos(), "end order");
        if (i < spans.size() - 1) {
          StageRun run = f.runs().get(i);
          assertEquals(root.getSpanId(), span.getParentSpanId());
          assertEquals(run.stage().checkerName(), attribute(span, "cicd.pipeline.task.name"));
          assertEquals(run.passed() ? "success" : "failure", attribute(span, "cicd.pipeline.task.run.result"));
          assertEquals(Integer.toString(run.attempt()), attribute(span, "factory.attempt"));
          assertEquals(f.id(), attribute(span, "factory.feature.id"));
          assertEquals(f.type().label(), attribute(span, "factory.feature.type"));
        }
      }
    }
  }

  @Test
  void spanNamesStayFewHoweverManyFeatures() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    sample.forEach(f -> f.spans().forEach(s -> names.add(s.span().getName())));
    // The nine stages and one root name per feature type: a label value set that does not grow.
    assertEquals(Stage.values().length + FeatureType.values().length, names.size(), names.toString());
  }

  private static void assertMedianSeconds(Stage stage, double low, double high) {
    double median = median(runs(r -> r.stage() == stage).stream().mapToDouble(r -> r.durationNanos() / 1e9).toArray());
    assertTrue(median >= low && median <= high, stage + " median " + median + " s, expected " + low + ".." + high);
  }

  private static List<StageRun> runs(Predicate<StageRun> which) {
    List<StageRun> out = new ArrayList<>();
    sample.forEach(f -> f.runs().stream().filter(which).forEach(out::add));
    return out;
  }

  private static StageRun lastRunBefore(SimulatedFeature f, int index, Stage stage) {
    for (int i = index - 1; i >= 0; i--) {
      if (f.runs().get(i).stage() == stage) {
        return f.runs().get(i);
      }
    }
    throw new AssertionError("no earlier " + stage + " in " + f.id());
  }

  private static double median(double[] values) {
    assertTrue(values.length > 0);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String attribute(Span span, String key) {
    for (KeyValue kv : span.getAttributesList()) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue())
            : kv.getValue().getStringValue();
      }
    }
    return null;
  }

  private static boolean weekdayWorkingHour(long epochNanos) {
    ZonedDateTime t = Instant.ofEpochSecond(epochNanos / 1_000_000_000L).atZone(ZoneOffset.UTC);
    boolean weekday = t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY;
    return weekday && t.getHour() >= 8 && t.getHour() < 18;
  }

  private static byte[] requestBytes(FactorySimulator simulator, int features) {
    List<SimulatedSpan> spans = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      spans.addAll(simulator.feature(T0 + i * MINUTE).spans());
    }
    return TraceRequests.of(spans).toByteArray();
  }

  private static long nanos(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
