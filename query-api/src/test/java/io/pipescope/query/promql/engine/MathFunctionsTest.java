package io.pipescope.query.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where Java's math differs from Go's, the engine follows Go. */
class MathFunctionsTest {
  @Test
  void log2IsExactForPowersOfTwo() {
    assertEquals(3.0, MathFunctions.log2(8));
    assertEquals(-10.0, MathFunctions.log2(1.0 / 1024));
    assertEquals(Double.NEGATIVE_INFINITY, MathFunctions.log2(0));
    assertEquals(Double.NaN, MathFunctions.log2(-1));
  }

  @Test
  void powFollowsGoForOneAndMinusOne() {
    assertEquals(1.0, MathFunctions.goPow(1, Double.NaN));
    assertEquals(1.0, MathFunctions.goPow(-1, Double.POSITIVE_INFINITY));
    assertEquals(1.0, MathFunctions.goPow(Double.NaN, 0));
    assertEquals(8.0, MathFunctions.goPow(2, 3));
  }

  @Test
  void quantileInterpolatesBetweenRanks() {
    assertEquals(2.5, MathFunctions.quantile(0.5, new double[] {4, 1, 2, 3}));
    assertEquals(Double.POSITIVE_INFINITY, MathFunctions.quantile(1.5, new double[] {1}));
    assertEquals(Double.NaN, MathFunctions.quantile(0.5, new double[0]));
  }
}
