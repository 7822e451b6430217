package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import io.pipescope.aggregator.testing.RecordingCollector;

class CounterFamilyTest {

  @Test
  void tooFewOrTooManyLabelValuesAreRefused() {
    CounterFamily family = new CounterFamily("refused", "Refused.", new CardinalityLimit(10), "transport", "reason");

    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () -> family.labels("grpc"));
    assertThrows(IllegalArgumentException.class, () -> family.labels("grpc", "too_large", "extra"));
    assertThrows(IllegalArgumentException.class, () -> family.labels());
    assertTrue(tooFew.getMessage().contains("transport"), tooFew.getMessage());
    assertTrue(tooFew.getMessage().contains("reason"), tooFew.getMessage());
  }

  @Test
  void theSameLabelValuesGiveTheSameCounter() {
    CounterFamily family = new CounterFamily("requests", "Requests.", new CardinalityLimit(10), "transport");

    assertSame(family.labels("grpc"), family.labels("grpc"));
  }

  @Test
  void seriesPastTheLimitShareOneOverflowSeries() {
    CardinalityLimit limit = new CardinalityLimit(2);
    CounterFamily family = new CounterFamily("requests", "Requests.", limit, "code");
    family.labels("200").inc();
    family.labels("404").inc();
    family.labels("500").inc();
    family.labels("503").add(4);
    family.labels("200").inc();

    RecordingCollector collected = RecordingCollector.collect(family);

    assertEquals(MetricType.COUNTER, collected.family("requests").type());
    assertEquals("Requests.", collected.family("requests").help());
    assertEquals(
        Map.of(
            Labels.of("code", "200"), 2.0,
            Labels.of("code", "404"), 1.0,
            CardinalityLimit.OVERFLOW_LABELS, 5.0),
        collected.values("requests"));
    assertEquals(2, limit.overflowSamples());
    assertEquals(2, limit.series());
  }
}
