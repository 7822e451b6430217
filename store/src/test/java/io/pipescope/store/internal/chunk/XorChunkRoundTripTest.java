package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pipescope.store.SampleIterator;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkRoundTripTest {

  static Stream<Arguments> shapesAndLengths() {
    return Arrays.stream(SyntheticSeries.Shape.values())
        .flatMap(shape -> Stream.of(1, 2, 3, 4, 120, 121, 1000, 5000).map(n -> Arguments.of(shape, n)));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("shapesAndLengths")
  void everySampleComesBackBitForBit(SyntheticSeries.Shape shape, int n) {
    SyntheticSeries series = shape.generate(31L * shape.ordinal() + n, n);

    XorChunk chunk = series.encode();

    assertEquals(n, chunk.numSamples());
    series.assertIteratesFirst(n, chunk.iterator());
    series.assertIteratesFirst(n, XorChunk.wrap(chunk.bytes()).iterator());
  }

  @Test
  void timestampsAtBothEndsOfTheLongRangeComeBack() {
    long[] timestamps = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    double[] values = new double[timestamps.length];
    Arrays.fill(values, 1.5);
    SyntheticSeries series = new SyntheticSeries("extreme timestamps", timestamps, values);

    series.assertIteratesFirst(timestamps.length, XorChunk.wrap(series.encode().bytes()).iterator());
  }

  @Test
  void everySpecialValueFollowingEveryOtherComesBack() {
    long[] bits = SyntheticSeries.SPECIAL_VALUE_BITS;
    int n = bits.length * bits.length * 2;
    long[] timestamps = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      timestamps[i] = 1000L * i;
      int pair = i / 2;
      values[i] = Double.longBitsToDouble(i % 2 == 0 ? bits[pair / bits.length] : bits[pair % bits.length]);
    }
    SyntheticSeries series = new SyntheticSeries("special value pairs", timestamps, values);

    series.assertIteratesFirst(n, XorChunk.wrap(series.encode().bytes()).iterator());
  }

  @Test
  void anEmptyChunkIsItsHeaderAndIteratesNothing() {
    XorChunk chunk = new XorChunk();

    assertEquals(0, chunk.numSamples());
    assertEquals("[0, 0]", Arrays.toString(chunk.bytes()));
    SampleIterator it = chunk.iterator();
    assertFalse(it.next());
    assertFalse(XorChunk.wrap(chunk.bytes()).iterator().next());
  }
}
