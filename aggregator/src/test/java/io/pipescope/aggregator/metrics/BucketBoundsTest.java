package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BucketBoundsTest {

  static Stream<Arguments> invalidBounds() {
    return Stream.of(
        Arguments.of("empty", new double[] {}, "at least one"),
        Arguments.of("equal neighbours", new double[] {0.1, 0.2, 0.2, 0.4}, "increase strictly"),
        Arguments.of("decreasing", new double[] {1, 0.5}, "increase strictly"),
        Arguments.of("NaN", new double[] {0.1, Double.NaN, 1}, "finite"),
        Arguments.of("+Inf", new double[] {0.1, Double.POSITIVE_INFINITY}, "finite"),
        Arguments.of("-Inf", new double[] {Double.NEGATIVE_INFINITY, 0.1}, "finite"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBounds")
  void nonIncreasingEmptyOrNonFiniteBoundsAreRefused(String what, double[] bounds, String messagePart) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BucketBounds.validated(bounds));
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  @Test
  void validBoundsAreReturnedAsACopy() {
    double[] bounds = {-1, 0, 0.002, 0.1, 30};

    double[] validated = BucketBounds.validated(bounds);

    assertArrayEquals(bounds, validated);
    assertNotSame(bounds, validated);
  }

  @Test
  void theDefaultDurationBoundsAreValid() {
    assertArrayEquals(
        BucketBounds.DEFAULT_DURATION_SECONDS, BucketBounds.validated(BucketBounds.DEFAULT_DURATION_SECONDS));
  }
}
