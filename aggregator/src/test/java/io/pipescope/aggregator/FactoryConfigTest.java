package io.pipescope.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FactoryConfigTest {
  private static FactoryConfig withExtraLabel(String label) {
    FactoryConfig d = FactoryConfig.DEFAULTS;
    return new FactoryConfig(d.namespace(), d.extraAliases(), Map.of(label, "team.name"), d.stageNames(),
        d.maxSeriesPerMetric(), d.maxLabelValueLength(), d.maxFeaturesInFlight(), d.featureIdleTimeout(),
        d.significantDigits(), d.durationBuckets(), d.leadTimeBuckets(), d.tokenBuckets(), d.timeToRestoreBuckets());
  }

  /** Two series differing only in the shadowed label would be exported with identical labels. */
  @ParameterizedTest
  @ValueSource(strings = {"checker_name", "status", "feature_type", "pipeline", "le", "otel_metric_overflow"})
  void extraLabelThatShadowsABuiltInLabelIsRejected(String label) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withExtraLabel(label));
    assertTrue(e.getMessage().contains("'" + label + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"team", "status_page", "_pipeline"})
  void extraLabelWithItsOwnNameIsAccepted(String label) {
    assertEquals("team.name", withExtraLabel(label).extraLabels().get(label));
  }
}
