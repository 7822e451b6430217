package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkResumeTest {

  /** Split points around the first, second and third sample (each encoded differently) and later. */
  static Stream<Arguments> shapesAndSplits() {
    return Arrays.stream(SyntheticSeries.Shape.values())
        .flatMap(shape -> Stream.of(0, 1, 2, 3, 4, 60, 119, 120).map(split -> Arguments.of(shape, split)));
  }

  @ParameterizedTest(name = "{0} split at {1}")
  @MethodSource("shapesAndSplits")
  void appendingToAReopenedChunkGivesTheBytesOfAppendingAllAtOnce(SyntheticSeries.Shape shape, int split) {
    SyntheticSeries series = shape.generate(17L * shape.ordinal() + split, SyntheticSeries.SAMPLES_PER_CHUNK);
    XorChunk first = new XorChunk();
    series.appendTo(first.appender(), 0, split);

    XorChunk reopened = XorChunk.wrap(first.bytes());
    series.appendTo(reopened.appender(), split, series.size());

    assertArrayEquals(series.encode().bytes(), reopened.bytes());
    series.assertIteratesFirst(series.size(), reopened.iterator());
  }

  @Test
  void resumingBeforeAnyValueWindowExistsStartsANewWindowAsAFreshAppenderWould() {
    // Prometheus's own resumed appender would instead reuse an implied 64-bit window here;
    // both decode alike, but only a fresh start keeps resumed bytes equal to one-shot bytes.
    SyntheticSeries series = new SyntheticSeries(
        "constant then changing", new long[] {1000, 2000, 3000, 4000}, new double[] {1.0, 1.0, 1.0, 2.0});
    XorChunk first = new XorChunk();
    series.appendTo(first.appender(), 0, 3);

    XorChunk reopened = XorChunk.wrap(first.bytes());
    series.appendTo(reopened.appender(), 3, 4);

    assertArrayEquals(series.encode().bytes(), reopened.bytes());
  }

  @Test
  void chunksWhoseValueWindowIsImpliedDecodeAsPrometheusReadsThem() {
    // What Prometheus's appender writes when resumed on (1000, 1.0), (2000, 1.0) and given
    // (3000, 2.0): control bits 10, reusing the implied window of 64 bits, then 1.0 ^ 2.0 whole.
    byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(
        "00 03 D0 0F 3F F0 00 00 00 00 00 00 E8 07"
            // 0 (1.0 again) | 0 (dod 0) | 10 | 0x7FF0000000000000 in 64 bits | padding
            + " 27 FF 00 00 00 00 00 00 00");
    SyntheticSeries series = new SyntheticSeries(
        "implied window", new long[] {1000, 2000, 3000}, new double[] {1.0, 1.0, 2.0});

    series.assertIteratesFirst(3, XorChunk.wrap(bytes).iterator());
  }

  @Test
  void appendingToAWrappedChunkLeavesTheWrappedArrayAlone() {
    SyntheticSeries series = SyntheticSeries.Shape.NOISY_GAUGE.generate(5, 10);
    byte[] bytes = series.encode().bytes();
    byte[] original = bytes.clone();

    XorChunk.wrap(bytes).appender().append(series.timestamps()[9] + 15_000, 42.0);

    assertArrayEquals(original, bytes);
  }

  @Test
  void theChunkHasOneAppender() {
    XorChunk chunk = new XorChunk();

    assertSame(chunk.appender(), chunk.appender());
  }

  @Test
  void aChunkRefusesMoreSamplesThanItsHeaderCounts() {
    XorChunk chunk = new XorChunk();
    XorAppender appender = chunk.appender();
    for (int i = 0; i < XorFormat.MAX_SAMPLES; i++) {
      appender.append(i, 0.0);
    }

    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> appender.append(XorFormat.MAX_SAMPLES, 0.0));
    assertEquals("an XOR chunk holds at most 65535 samples", e.getMessage());
    assertEquals(XorFormat.MAX_SAMPLES, XorChunk.wrap(chunk.bytes()).numSamples());
  }
}
