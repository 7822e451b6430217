package io.pipescope.ingest.internal.remotewrite;

import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesLabelsTest {

  @Test
  void sortedUniqueNamesWithAMetricNameAreValid() {
    assertEquals(Optional.empty(), SeriesLabels.check(labels("__name__", "http_requests_total", "job", "api",
        "le", "0.5")));
    assertEquals(Optional.empty(), SeriesLabels.check(labels("__name__", "ns:rule:rate5m", "_private", "x")));
  }

  @Test
  void aSeriesWithoutAMetricNameIsInvalid() {
    assertProblem(SeriesProblem.MISSING_METRIC_NAME, labels("job", "api"));
    assertProblem(SeriesProblem.MISSING_METRIC_NAME, labels("__name__", "", "job", "api"));
  }

  @Test
  void metricNamesFollowTheSpec10CharacterSet() {
    assertProblem(SeriesProblem.INVALID_METRIC_NAME, labels("__name__", "http.server.duration"));
    assertProblem(SeriesProblem.INVALID_METRIC_NAME, labels("__name__", "1up"));
  }

  @Test
  void labelNamesFollowTheSpec10CharacterSetWithoutColons() {
    assertProblem(SeriesProblem.INVALID_LABEL_NAME, labels("__name__", "up", "service.name", "a"));
    assertProblem(SeriesProblem.INVALID_LABEL_NAME, labels("__name__", "up", "a:b", "a"));
    assertProblem(SeriesProblem.INVALID_LABEL_NAME, labels("", "x", "__name__", "up"));
    assertProblem(SeriesProblem.INVALID_LABEL_NAME, labels("__name__", "up", "jöb", "a"));
  }

  @Test
  void unsortedLabelNamesAreInvalid() {
    InvalidSeries invalid = assertProblem(SeriesProblem.UNSORTED_LABELS, labels("job", "api", "__name__", "up"));
    assertTrue(invalid.detail().contains("\"__name__\" comes after \"job\""), invalid.detail());
  }

  @Test
  void repeatedLabelNamesAreInvalid() {
    assertProblem(SeriesProblem.DUPLICATE_LABEL_NAME, labels("__name__", "up", "job", "a", "job", "b"));
    assertProblem(SeriesProblem.DUPLICATE_LABEL_NAME, labels("__name__", "up", "__name__", "down"));
  }

  @Test
  void emptyValuedLabelsAreDroppedAsAbsent() {
    assertEquals(Labels.of("__name__", "up", "job", "api"),
        SeriesLabels.toLabels(labels("__name__", "up", "instance", "", "job", "api")));
  }

  @Test
  void theDetailNamesTheSeriesCutToAReadableLength() {
    String longValue = "v".repeat(1000);
    InvalidSeries invalid = assertProblem(SeriesProblem.MISSING_METRIC_NAME, labels("job", longValue));
    assertTrue(invalid.detail().startsWith("{job=\"vvv"), invalid.detail());
    assertTrue(invalid.detail().length() < 300, "detail of " + invalid.detail().length() + " chars");
  }

  @Test
  void nameRulesMatchTheSpecRegexes() {
    assertTrue(SeriesLabels.isMetricName("a:b_c9"));
    assertTrue(SeriesLabels.isLabelName("_9"));
    assertFalse(SeriesLabels.isLabelName("9_"));
    assertFalse(SeriesLabels.isMetricName("a-b"));
  }

  private static InvalidSeries assertProblem(SeriesProblem expected,
      java.util.List<io.pipescope.proto.prometheus.Label> labels) {
    Optional<InvalidSeries> invalid = SeriesLabels.check(labels);
    assertTrue(invalid.isPresent(), "expected " + expected + " for " + SeriesLabels.describe(labels));
    assertEquals(expected, invalid.get().problem(), invalid.get().detail());
    return invalid.get();
  }
}
