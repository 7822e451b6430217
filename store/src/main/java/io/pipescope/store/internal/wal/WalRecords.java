package io.pipescope.store.internal.wal;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.internal.encoding.ByteSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads the store logs, in the encoding of Prometheus's tsdb/record: a type byte, then
 *
 * <ul>
 *   <li>{@link Type#SERIES}: per series, its ref (8 bytes big-endian), the label count (uvarint),
 *       and each name and value (uvarint length, UTF-8);
 *   <li>{@link Type#SAMPLES}: the first sample's ref and timestamp (8 bytes big-endian each), then per
 *       sample its ref and timestamp as zig-zag varint deltas from those, and the value's IEEE 754
 *       bits (8 bytes big-endian). Samples of one commit have nearby refs and timestamps, so the
 *       deltas take a byte or two; the value bits are kept whole, NaN payloads included.
 * </ul>
 */
public final class WalRecords {
  /** What a record holds, from its first byte (Prometheus's values, so the formats can be compared). */
  public enum Type {
    SERIES(1),
    SAMPLES(2),
    /** Series deleted whole (Prometheus uses 3 for tombstones too); replay drops them. */
    DELETED_SERIES(3);

    private final byte code;

    Type(int code) {
      this.code = (byte) code;
    }

    /** The type of an encoded record. */
    public static Type of(byte[] record) {
      if (record.length == 0) {
        throw new IllegalArgumentException("an empty WAL record has no type byte");
      }
      for (Type type : values()) {
        if (type.code == record[0]) {
          return type;
        }
      }
      throw new IllegalArgumentException("unknown WAL record type " + (record[0] & 0xff) + " (known: 1 series, 2 samples, 3 deleted series)");
    }
  }

  private WalRecords() {}

  public static byte[] encodeSeries(List<RefSeries> series) {
    ByteSink out = new ByteSink(1 + 64 * series.size());
    out.putByte(Type.SERIES.code);
    for (RefSeries s : series) {
      out.putBigEndian64(s.ref());
      Labels labels = s.labels();
      out.putUvarint(labels.size());
      for (int i = 0; i < labels.size(); i++) {
        out.putString(labels.name(i));
        out.putString(labels.value(i));
      }
    }
    return out.toByteArray();
  }

  public static List<RefSeries> decodeSeries(byte[] record) {
    expect(Type.SERIES, record);
    DecodingBuffer in = new DecodingBuffer(record, 1, "series record");
    List<RefSeries> series = new ArrayList<>();
    while (in.hasRemaining()) {
      long ref = in.readBigEndian64("series ref");
      int count = labelCount(in.readUvarint("label count"), record.length);
      String[] names = new String[count];
      String[] values = new String[count];
      for (int i = 0; i < count; i++) {
        names[i] = in.readString("label name");
        values[i] = in.readString("label value");
      }
      series.add(new RefSeries(ref, Labels.of(names, values)));
    }
    return series;
  }

  public static byte[] encodeSamples(List<RefSample> samples) {
    ByteSink out = new ByteSink(17 + 12 * samples.size());
    out.putByte(Type.SAMPLES.code);
    if (samples.isEmpty()) {
      return out.toByteArray();
    }
    RefSample first = samples.get(0);
    out.putBigEndian64(first.ref());
    out.putBigEndian64(first.timestampMillis());
    for (RefSample s : samples) {
      // Deltas wrap around for extreme values, and wrap back when added on decoding.
      out.putVarint(s.ref() - first.ref());
      out.putVarint(s.timestampMillis() - first.timestampMillis());
      out.putBigEndian64(Double.doubleToRawLongBits(s.value()));
    }
    return out.toByteArray();
  }

  public static List<RefSample> decodeSamples(byte[] record) {
    expect(Type.SAMPLES, record);
    DecodingBuffer in = new DecodingBuffer(record, 1, "samples record");
    List<RefSample> samples = new ArrayList<>();
    if (!in.hasRemaining()) {
      return samples;
    }
    long baseRef = in.readBigEndian64("first ref");
    long baseTimestamp = in.readBigEndian64("first timestamp");
    while (in.hasRemaining()) {
      long ref = baseRef + in.readVarint("ref delta");
      long timestamp = baseTimestamp + in.readVarint("timestamp delta");
      double value = Double.longBitsToDouble(in.readBigEndian64("value"));
      samples.add(new RefSample(ref, timestamp, value));
    }
    return samples;
  }

  /** Receives decoded samples one at a time. */
  public interface SampleSink {
    void sample(long ref, long timestampMillis, double value);
  }

  /** Decodes a samples record without building a list: for readers that pass samples on. */
  public static void forEachSample(byte[] record, SampleSink sink) {
    expect(Type.SAMPLES, record);
    DecodingBuffer in = new DecodingBuffer(record, 1, "samples record");
    if (!in.hasRemaining()) {
      return;
    }
    long baseRef = in.readBigEndian64("first ref");
    long baseTimestamp = in.readBigEndian64("first timestamp");
    while (in.hasRemaining()) {
      long ref = baseRef + in.readVarint("ref delta");
      long timestamp = baseTimestamp + in.readVarint("timestamp delta");
      sink.sample(ref, timestamp, Double.longBitsToDouble(in.readBigEndian64("value")));
    }
  }

  /** Refs of series deleted whole. */
  public static byte[] encodeDeletedSeries(List<Long> refs) {
    ByteSink out = new ByteSink(1 + 9 * refs.size());
    out.putByte(Type.DELETED_SERIES.code);
    for (long ref : refs) {
      out.putUvarint(ref);
    }
    return out.toByteArray();
  }

  public static List<Long> decodeDeletedSeries(byte[] record) {
    expect(Type.DELETED_SERIES, record);
    DecodingBuffer in = new DecodingBuffer(record, 1, "deleted series record");
    List<Long> refs = new ArrayList<>();
    while (in.hasRemaining()) {
      refs.add(in.readUvarint("ref"));
    }
    return refs;
  }

  private static void expect(Type type, byte[] record) {
    Type actual = Type.of(record);
    if (actual != type) {
      throw new IllegalArgumentException("expected a " + type + " record, got a " + actual + " record");
    }
  }

  /** Guards the array allocation: each label takes at least two bytes, so a larger count is damage. */
  private static int labelCount(long count, int recordLength) {
    if (count > recordLength / 2) {
      throw new IllegalArgumentException("series record of " + recordLength + " bytes claims " + count + " labels");
    }
    return (int) count;
  }
}
