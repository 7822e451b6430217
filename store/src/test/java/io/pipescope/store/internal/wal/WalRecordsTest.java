package io.pipescope.store.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.StaleMarker;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalRecordsTest {

  @Test
  void seriesRoundTripWithTheirLabels() {
    List<RefSeries> series =
        List.of(
            new RefSeries(1, Labels.of("__name__", "http_requests_total", "job", "api")),
            new RefSeries(0, Labels.empty()),
            new RefSeries(-1, Labels.of("long", "x".repeat(300), "ünïcødé", "値")),
            new RefSeries(Long.MAX_VALUE, Labels.of("empty_value", "")));

    byte[] record = WalRecords.encodeSeries(series);

    assertEquals(WalRecords.Type.SERIES, WalRecords.Type.of(record));
    assertEquals(series, WalRecords.decodeSeries(record));
  }

  @Test
  void seriesUsePrometheusLayout() throws IOException {
    byte[] expected = bytes(out -> {
      out.writeByte(1);
      out.writeLong(7);
      out.writeByte(1); // one label
      out.writeByte(1);
      out.writeBytes("a");
      out.writeByte(2);
      out.writeBytes("bc");
    });

    assertArrayEquals(expected, WalRecords.encodeSeries(List.of(new RefSeries(7, Labels.of("a", "bc")))));
  }

  @Test
  void samplesRoundTripBitForBit() {
    List<RefSample> samples =
        List.of(
            new RefSample(100, 1_700_000_000_000L, 1.5),
            new RefSample(101, 1_700_000_000_000L, -0.0),
            new RefSample(99, 1_699_999_999_000L, Double.POSITIVE_INFINITY),
            new RefSample(5_000_000, 1_700_000_015_000L, Double.NaN),
            new RefSample(Long.MIN_VALUE, Long.MAX_VALUE, Double.MIN_VALUE),
            new RefSample(Long.MAX_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE));

    List<RefSample> decoded = WalRecords.decodeSamples(WalRecords.encodeSamples(samples));

    assertEquals(samples.size(), decoded.size());
    for (int i = 0; i < samples.size(); i++) {
      assertEquals(samples.get(i).ref(), decoded.get(i).ref(), "ref of sample " + i);
      assertEquals(samples.get(i).timestampMillis(), decoded.get(i).timestampMillis(), "timestamp of sample " + i);
      assertEquals(
          Double.doubleToRawLongBits(samples.get(i).value()),
          Double.doubleToRawLongBits(decoded.get(i).value()),
          "value bits of sample " + i);
    }
  }

  @Test
  void stalenessMarkerAndOtherNaNPayloadsKeepTheirBits() {
    long otherNaN = 0x7ff8000000000001L;
    byte[] record =
        WalRecords.encodeSamples(
            List.of(
                new RefSample(1, 1000, StaleMarker.VALUE),
                new RefSample(1, 2000, Double.longBitsToDouble(otherNaN))));

    List<RefSample> decoded = WalRecords.decodeSamples(record);

    assertEquals(StaleMarker.BITS, Double.doubleToRawLongBits(decoded.get(0).value()));
    assertTrue(StaleMarker.isStale(decoded.get(0).value()));
    assertEquals(otherNaN, Double.doubleToRawLongBits(decoded.get(1).value()));
  }

  @Test
  void samplesAreDeltaEncodedAgainstTheFirstAsPrometheusDoes() throws IOException {
    byte[] expected = bytes(out -> {
      out.writeByte(2);
      out.writeLong(5); // first ref
      out.writeLong(1000); // first timestamp
      out.writeByte(0); // ref delta 0
      out.writeByte(0); // timestamp delta 0
      out.writeLong(Double.doubleToRawLongBits(1.0));
      out.writeByte(2); // ref delta +1, zig-zag
      out.writeByte(0x1e); // timestamp delta +15, zig-zag
      out.writeLong(Double.doubleToRawLongBits(2.0));
      out.writeByte(1); // ref delta -1, zig-zag
      out.writeByte(0xa3); // timestamp delta -1234, zig-zag = 2467 = 0x9a3 as a two-byte varint
      out.writeByte(0x13);
      out.writeLong(Double.doubleToRawLongBits(3.0));
    });

    byte[] record =
        WalRecords.encodeSamples(
            List.of(new RefSample(5, 1000, 1.0), new RefSample(6, 1015, 2.0), new RefSample(4, -234, 3.0)));

    assertArrayEquals(expected, record);
  }

  @Test
  void anEmptySamplesRecordIsJustItsType() {
    byte[] record = WalRecords.encodeSamples(List.of());

    assertArrayEquals(new byte[] {2}, record);
    assertEquals(List.of(), WalRecords.decodeSamples(record));
  }

  @Test
  void decodingTheWrongTypeIsRejected() {
    byte[] series = WalRecords.encodeSeries(List.of(new RefSeries(1, Labels.of("a", "b"))));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalRecords.decodeSamples(series));
    assertEquals("expected a SAMPLES record, got a SERIES record", e.getMessage());
  }

  @Test
  void anUnknownTypeIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalRecords.Type.of(new byte[] {9}));
    assertEquals("unknown WAL record type 9 (known: 1 series, 2 samples, 3 deleted series)", e.getMessage());
  }

  @Test
  void aCutShortRecordSaysWhereItEnds() {
    byte[] record = WalRecords.encodeSamples(List.of(new RefSample(1, 1000, 1.0)));
    byte[] cut = Arrays.copyOf(record, record.length - 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalRecords.decodeSamples(cut));
    assertEquals("samples record of 26 bytes ends inside the value at byte 19", e.getMessage());
  }

  @Test
  void aLabelCountLargerThanTheRecordCanHoldIsRejected() throws IOException {
    byte[] record = bytes(out -> {
      out.writeByte(1);
      out.writeLong(1);
      out.writeByte(0x7f); // 127 labels in a 10-byte record
    });

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalRecords.decodeSeries(record));
    assertEquals("series record of 10 bytes claims 127 labels", e.getMessage());
  }

  private interface Writes {
    void to(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writes writes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writes.to(out);
    }
    return bytes.toByteArray();
  }

  @org.junit.jupiter.api.Test
  void deletedSeriesRoundTrip() {
    java.util.List<Long> refs = java.util.List.of(1L, 300L, 1L << 40);
    byte[] record = WalRecords.encodeDeletedSeries(refs);
    org.junit.jupiter.api.Assertions.assertEquals(WalRecords.Type.DELETED_SERIES, WalRecords.Type.of(record));
    org.junit.jupiter.api.Assertions.assertEquals(refs, WalRecords.decodeDeletedSeries(record));
  }
}
