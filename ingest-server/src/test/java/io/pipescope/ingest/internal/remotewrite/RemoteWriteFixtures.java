package io.pipescope.ingest.internal.remotewrite;

import io.airlift.compress.snappy.SnappyCompressor;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.util.Arrays;
import java.util.List;

/** Remote write requests as a sender builds them. */
final class RemoteWriteFixtures {
  /** Prometheus's staleness marker (spec 1.0, "Stale Markers"). */
  static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  static final long T0 = 1_700_000_000_000L;

  private RemoteWriteFixtures() {}

  /** Labels in the order given (a sender must sort them; tests that break the rule say so). */
  static List<Label> labels(String... namesAndValues) {
    Label[] labels = new Label[namesAndValues.length / 2];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Label.newBuilder().setName(namesAndValues[2 * i]).setValue(namesAndValues[2 * i + 1]).build();
    }
    return Arrays.asList(labels);
  }

  /** A series of samples given as timestamp, raw value bits, timestamp, raw value bits, … */
  static TimeSeries seriesOfBits(List<Label> labels, long... timestampsAndValueBits) {
    TimeSeries.Builder series = TimeSeries.newBuilder().addAllLabels(labels);
    for (int i = 0; i < timestampsAndValueBits.length; i += 2) {
      series.addSamples(Sample.newBuilder()
          .setTimestamp(timestampsAndValueBits[i])
          .setValue(Double.longBitsToDouble(timestampsAndValueBits[i + 1])));
    }
    return series.build();
  }

  static TimeSeries series(List<Label> labels, long timestampMillis, double value) {
    return seriesOfBits(labels, timestampMillis, Double.doubleToRawLongBits(value));
  }

  static WriteRequest request(TimeSeries... series) {
    return WriteRequest.newBuilder().addAllTimeseries(Arrays.asList(series)).build();
  }

  /** Snappy block format, as spec 1.0 requires (not the framed format). */
  static byte[] snappy(byte[] raw) {
    SnappyCompressor compressor = new SnappyCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
    int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  static byte[] snappy(WriteRequest request) {
    return snappy(request.toByteArray());
  }

  /** A block whose preamble claims {@code declared} uncompressed bytes, followed by a few others. */
  static byte[] claimingLength(long declared) {
    byte[] out = new byte[16];
    int i = 0;
    long v = declared;
    while (v >= 0x80) {
      out[i++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[i++] = (byte) v;
    Arrays.fill(out, i, out.length, (byte) 0x11);
    return out;
  }
}
