package io.pipescope.remotewrite.internal;

import io.airlift.compress.snappy.SnappyCompressor;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A batch of samples as a remote write 1.0 body: a {@code prometheus.WriteRequest} with one
 * {@code TimeSeries} per series in the batch (its samples in WAL order, so oldest first), in snappy's
 * block format. The encoder is reused by one shard.
 */
final class WriteRequestEncoder {
  private final SnappyCompressor snappy = new SnappyCompressor();
  private byte[] compressed = new byte[0];
  private long highestTimestamp;

  /** Encodes the first {@code count} pending samples. */
  byte[] encode(PendingSamples pending, int count) {
    Map<SeriesEntry, TimeSeries.Builder> bySeries = new IdentityHashMap<>();
    WriteRequest.Builder request = WriteRequest.newBuilder();
    long highest = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      SeriesEntry s = pending.series(i);
      TimeSeries.Builder series = bySeries.get(s);
      if (series == null) {
        // Builders nested in the request keep the order series first appear in.
        series = request.addTimeseriesBuilder().addAllLabels(s.labels);
        bySeries.put(s, series);
      }
      long t = pending.timestamp(i);
      series.addSamples(Sample.newBuilder().setTimestamp(t).setValue(pending.value(i)));
      highest = Math.max(highest, t);
    }
    highestTimestamp = highest;
    byte[] raw = request.build().toByteArray();
    int max = snappy.maxCompressedLength(raw.length);
    if (compressed.length < max) {
      compressed = new byte[max];
    }
    int length = snappy.compress(raw, 0, raw.length, compressed, 0, compressed.length);
    return Arrays.copyOf(compressed, length);
  }

  /** The newest sample time in the last batch encoded. */
  long highestTimestamp() {
    return highestTimestamp;
  }
}
