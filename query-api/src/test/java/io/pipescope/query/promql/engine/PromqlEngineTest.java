package io.pipescope.query.promql.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.store.Queryable;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's API; PromQL semantics are covered by Prometheus's scripts (PromqlConformanceTest). */
class PromqlEngineTest {
  private static final Labels A = Labels.of("__name__", "requests_total", "job", "a");
  private static final Labels B = Labels.of("__name__", "requests_total", "job", "b");

  private final PromqlEngine engine = new PromqlEngine();
  private Head head;

  @BeforeEach
  void load() throws Exception {
    head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    for (int i = 0; i <= 10; i++) {
      app.append(0, A, i * 60_000L, i * 60.0);
      app.append(0, B, i * 60_000L, i * 120.0);
    }
    app.commit();
  }

  @Test
  void instantVectorSamplesCarryTheEvaluationTime() {
    Vector v = (Vector) engine.instantQuery(head, "requests_total", 90_000).value();
    assertEquals(List.of(new Sample(A, 90_000, 60), new Sample(B, 90_000, 120)), v);
  }

  @Test
  void functionsDropTheMetricNameWhenTheResultLeavesTheEngine() {
    Vector v = (Vector) engine.instantQuery(head, "rate(requests_total{job=\"a\"}[5m])", 600_000).value();
    assertEquals(List.of(new Sample(Labels.of("job", "a"), 600_000, 1.0)), v);
  }

  @Test
  void rangeQueryGivesOneSeriesPerLabelSetSortedByLabels() {
    Matrix m = (Matrix) engine.rangeQuery(head, "sum by (job) (requests_total)", 0, 120_000, 60_000).value();
    assertEquals(2, m.size());
    assertEquals(Labels.of("job", "a"), m.get(0).labels());
    assertEquals(List.of(new FPoint(0, 0), new FPoint(60_000, 60), new FPoint(120_000, 120)), m.get(0).points());
  }

  @Test
  void scalarRangeQueryIsOneSeriesWithoutLabels() {
    Matrix m = (Matrix) engine.rangeQuery(head, "time()", 0, 60_000, 30_000).value();
    assertEquals(1, m.size());
    assertEquals(Labels.empty(), m.get(0).labels());
    assertEquals(List.of(new FPoint(0, 0), new FPoint(30_000, 30), new FPoint(60_000, 60)), m.get(0).points());
  }

  @Test
  void rangeQueryOfARangeVectorFailsAsInPrometheus() {
    PromqlException e = assertThrows(PromqlException.class,
        () -> engine.rangeQuery(head, "requests_total[5m]", 0, 60_000, 30_000));
    assertEquals("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector",
        e.getMessage());
  }

  @Test
  void invalidQueryIsAParseError() {
    assertThrows(ParseException.class, () -> engine.instantQuery(head, "sum(", 0));
  }

  @Test
  void readsOnlyTheTimeRangeTheQueryNeeds() {
    long[] asked = new long[2];
    Queryable recording = (mint, maxt) -> {
      asked[0] = mint;
      asked[1] = maxt;
      return head.querier(mint, maxt);
    };
    engine.instantQuery(recording, "rate(requests_total[5m] offset 1m)", 600_000);
    assertArrayEquals(new long[] {240_000, 540_000}, asked);
    engine.rangeQuery(recording, "requests_total", 300_000, 600_000, 60_000);
    assertArrayEquals(new long[] {0, 600_000}, asked);
  }

  @Test
  void rateOfANonCounterNameAddsAnInfo() {
    PromqlEngine.Result r = engine.instantQuery(head, "rate({job=\"a\"}[5m]) + rate(requests_total[5m])", 600_000);
    assertTrue(r.annotations().infos().isEmpty(), r.annotations().infos().toString());
    Appender app = head.appender();
    try {
      app.append(0, Labels.of("__name__", "temperature"), 540_000, 2);
      app.append(0, Labels.of("__name__", "temperature"), 600_000, 1);
      app.commit();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    r = engine.instantQuery(head, "rate(temperature[5m])", 600_000);
    assertEquals(List.of("PromQL info: metric might not be a counter, name does not end in "
        + "_total/_sum/_count/_bucket: \"temperature\" (1:6)"), List.copyOf(r.annotations().infos()));
  }
}
