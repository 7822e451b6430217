package io.pipescope.proto.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRequestRoundTripTest {

  private static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  private static Sample sample(double value, long timestampMs) {
    return Sample.newBuilder().setValue(value).setTimestamp(timestampMs).build();
  }

  @Test
  void roundTripsTwoSeriesWithFloatSamplesAndNativeHistogram() throws InvalidProtocolBufferException {
    TimeSeries counter = TimeSeries.newBuilder()
        .addLabels(label("__name__", "pipescope_builds_total"))
        .addLabels(label("job", "ci"))
        .addLabels(label("result", "success"))
        .addSamples(sample(41.0, 1_700_000_000_000L))
        .addSamples(sample(42.5, 1_700_000_015_000L))
        .build();

    Histogram histogram = Histogram.newBuilder()
        .setCountInt(9)
        .setSum(123.25)
        .setSchema(3)
        .setZeroThreshold(1e-128)
        .setZeroCountInt(1)
        .addNegativeSpans(BucketSpan.newBuilder().setOffset(-1).setLength(1))
        .addNegativeDeltas(1)
        .addPositiveSpans(BucketSpan.newBuilder().setOffset(0).setLength(2))
        .addPositiveSpans(BucketSpan.newBuilder().setOffset(3).setLength(2))
        .addPositiveDeltas(2)   // absolute counts 2, 1, 3, 1
        .addPositiveDeltas(-1)
        .addPositiveDeltas(2)
        .addPositiveDeltas(-2)
        .setResetHint(Histogram.ResetHint.NO)
        .setTimestamp(1_700_000_015_000L)
        .build();

    TimeSeries durations = TimeSeries.newBuilder()
        .addLabels(label("__name__", "pipescope_stage_duration_seconds"))
        .addLabels(label("stage", "build"))
        .addHistograms(histogram)
        .build();

    WriteRequest original = WriteRequest.newBuilder()
        .addTimeseries(counter)
        .addTimeseries(durations)
        .build();

    byte[] wire = original.toByteArray();
    WriteRequest parsed = WriteRequest.parseFrom(wire);

    assertEquals(original, parsed);
    assertEquals(2, parsed.getTimeseriesCount());
    assertEquals(0, parsed.getMetadataCount());

    // Series 1: labels and float samples.
    TimeSeries s1 = parsed.getTimeseries(0);
    assertEquals(3, s1.getLabelsCount());
    assertEquals("__name__", s1.getLabels(0).getName());
    assertEquals("pipescope_builds_total", s1.getLabels(0).getValue());
    assertEquals("job", s1.getLabels(1).getName());
    assertEquals("ci", s1.getLabels(1).getValue());
    assertEquals("result", s1.getLabels(2).getName());
    assertEquals("success", s1.getLabels(2).getValue());
    assertEquals(2, s1.getSamplesCount());
    assertEquals(41.0, s1.getSamples(0).getValue());
    assertEquals(1_700_000_000_000L, s1.getSamples(0).getTimestamp());
    assertEquals(42.5, s1.getSamples(1).getValue());
    assertEquals(1_700_000_015_000L, s1.getSamples(1).getTimestamp());
    assertEquals(0, s1.getHistogramsCount());
    assertEquals(0, s1.getExemplarsCount());

    // Series 2: one native (integer, delta-encoded) histogram sample.
    TimeSeries s2 = parsed.getTimeseries(1);
    assertEquals(2, s2.getLabelsCount());
    assertEquals("__name__", s2.getLabels(0).getName());
    assertEquals("pipescope_stage_duration_seconds", s2.getLabels(0).getValue());
    assertEquals("stage", s2.getLabels(1).getName());
    assertEquals("build", s2.getLabels(1).getValue());
    assertEquals(0, s2.getSamplesCount());
    assertEquals(1, s2.getHistogramsCount());

    Histogram h = s2.getHistograms(0);
    assertEquals(Histogram.CountCase.COUNT_INT, h.getCountCase());
    assertEquals(9L, h.getCountInt());
    assertEquals(123.25, h.getSum());
    assertEquals(3, h.getSchema());
    assertEquals(1e-128, h.getZeroThreshold());
    assertEquals(Histogram.ZeroCountCase.ZERO_COUNT_INT, h.getZeroCountCase());
    assertEquals(1L, h.getZeroCountInt());
    assertEquals(1, h.getNegativeSpansCount());
    assertEquals(-1, h.getNegativeSpans(0).getOffset());
    assertEquals(1, h.getNegativeSpans(0).getLength());
    assertEquals(List.of(1L), h.getNegativeDeltasList());
    assertEquals(0, h.getNegativeCountsCount());
    assertEquals(2, h.getPositiveSpansCount());
    assertEquals(0, h.getPositiveSpans(0).getOffset());
    assertEquals(2, h.getPositiveSpans(0).getLength());
    assertEquals(3, h.getPositiveSpans(1).getOffset());
    assertEquals(2, h.getPositiveSpans(1).getLength());
    assertEquals(List.of(2L, -1L, 2L, -2L), h.getPositiveDeltasList());
    assertEquals(0, h.getPositiveCountsCount());
    assertEquals(Histogram.ResetHint.NO, h.getResetHint());
    assertEquals(1_700_000_015_000L, h.getTimestamp());
    assertEquals(0, h.getCustomValuesCount());
  }

  /**
   * WriteRequest{timeseries: [{labels: [{__name__="up"}], samples: [{value: 1.0, timestamp: 1000}]}]},
   * encoded by hand from the upstream field numbers. Pins WriteRequest.timeseries=1,
   * TimeSeries.labels=1/samples=2, Label.name=1/value=2, Sample.value=1 (double)/timestamp=2 (int64).
   */
  @Test
  void parsesHandEncodedWriteRequest() throws InvalidProtocolBufferException {
    byte[] label = bytes(
        0x0A, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_',   // name  (1, LEN) "__name__"
        0x12, 0x02, 'u', 'p');                                 // value (2, LEN) "up"
    byte[] sample = bytes(
        0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F,  // value (1, I64) 1.0 little-endian
        0x10, 0xE8, 0x07);                                      // timestamp (2, VARINT) 1000
    assertEquals(14, label.length);
    assertEquals(12, sample.length);
    byte[] series = concat(
        bytes(0x0A, 0x0E), label,                               // labels  (1, LEN) 14 bytes
        bytes(0x12, 0x0C), sample);                             // samples (2, LEN) 12 bytes
    assertEquals(30, series.length);
    byte[] wire = concat(bytes(0x0A, 0x1E), series);            // timeseries (1, LEN) 30 bytes

    WriteRequest expected = WriteRequest.newBuilder()
        .addTimeseries(TimeSeries.newBuilder()
            .addLabels(label("__name__", "up"))
            .addSamples(sample(1.0, 1000L)))
        .build();

    WriteRequest parsed = WriteRequest.parseFrom(wire);
    assertTrue(parsed.getUnknownFields().asMap().isEmpty());
    assertEquals(expected, parsed);
    assertEquals("up", parsed.getTimeseries(0).getLabels(0).getValue());
    assertEquals(1.0, parsed.getTimeseries(0).getSamples(0).getValue());
    assertEquals(1000L, parsed.getTimeseries(0).getSamples(0).getTimestamp());
    // And the generated encoder produces exactly the same bytes.
    assertArrayEquals(wire, expected.toByteArray());
  }

  /**
   * Pins the native-histogram and metadata field numbers and their zig-zag (sint) encodings:
   * Histogram count_int=1, sum=3, schema=4 (sint32), positive_spans=11, positive_deltas=12
   * (packed sint64), reset_hint=14, timestamp=15; BucketSpan offset=1 (sint32)/length=2;
   * TimeSeries.histograms=4; WriteRequest.metadata=3; MetricMetadata type=1, name=2, help=4.
   */
  @Test
  void parsesHandEncodedHistogramAndMetadata() throws InvalidProtocolBufferException {
    byte[] histogram = bytes(
        0x08, 0x05,                                             // count_int (1, VARINT) 5
        0x19, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x40,   // sum (3, I64) 3.5
        0x20, 0x01,                                             // schema (4, sint32) -1 -> zigzag 1
        0x5A, 0x04, 0x08, 0x03, 0x10, 0x02,                     // positive_spans (11, LEN) {offset -2, length 2}
        0x62, 0x02, 0x02, 0x01,                                 // positive_deltas (12, packed sint64) [1, -1]
        0x70, 0x01,                                             // reset_hint (14, VARINT) YES
        0x78, 0xE8, 0x07);                                      // timestamp (15, VARINT) 1000
    assertEquals(28, histogram.length);
    byte[] series = concat(
        bytes(0x0A, 0x0D, 0x0A, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 0x01, 'h'),
        bytes(0x22, 0x1C), histogram);                          // histograms (4, LEN) 28 bytes
    assertEquals(45, series.length);
    byte[] metadata = bytes(
        0x08, 0x01,                                             // type (1) COUNTER
        0x12, 0x02, 'u', 'p',                                   // metric_family_name (2)
        0x22, 0x01, 'x');                                       // help (4)
    byte[] wire = concat(
        bytes(0x0A, 0x2D), series,                              // timeseries (1, LEN) 45 bytes
        bytes(0x1A, 0x09), metadata);                           // metadata (3, LEN) 9 bytes

    WriteRequest expected = WriteRequest.newBuilder()
        .addTimeseries(TimeSeries.newBuilder()
            .addLabels(label("__name__", "h"))
            .addHistograms(Histogram.newBuilder()
                .setCountInt(5)
                .setSum(3.5)
                .setSchema(-1)
                .addPositiveSpans(BucketSpan.newBuilder().setOffset(-2).setLength(2))
                .addPositiveDeltas(1)
                .addPositiveDeltas(-1)
                .setResetHint(Histogram.ResetHint.YES)
                .setTimestamp(1000L)))
        .addMetadata(MetricMetadata.newBuilder()
            .setType(MetricMetadata.MetricType.COUNTER)
            .setMetricFamilyName("up")
            .setHelp("x"))
        .build();

    WriteRequest parsed = WriteRequest.parseFrom(wire);
    assertTrue(parsed.getUnknownFields().asMap().isEmpty());
    assertEquals(expected, parsed);
    Histogram h = parsed.getTimeseries(0).getHistograms(0);
    assertEquals(-1, h.getSchema());
    assertEquals(-2, h.getPositiveSpans(0).getOffset());
    assertEquals(List.of(1L, -1L), h.getPositiveDeltasList());
    assertFalse(h.hasZeroCountInt());
    assertArrayEquals(wire, expected.toByteArray());
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
