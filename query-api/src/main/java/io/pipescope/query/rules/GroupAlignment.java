package io.pipescope.query.rules;

import java.nio.charset.StandardCharsets;

/**
 * When a group is evaluated: on its interval's grid shifted by a fixed offset, the hash of
 * {@code {file, name}} modulo the interval, so that groups spread over the interval instead of
 * all querying at once (rules/group.go, EvalTimestamp). The hash is labels.Hash of the slice
 * labels build: XXH64 over name, 0xff, value, 0xff per label, in name order.
 */
final class GroupAlignment {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private GroupAlignment() {}

  /**
   * The group's evaluation time at or before {@code nowMillis}. Prometheus computes it in
   * nanoseconds and writes samples at its millisecond floor; the offset's floor gives the same
   * milliseconds and keeps every evaluation time on one grid.
   */
  static long evalTimestamp(String file, String name, long intervalMillis, long nowMillis) {
    long offset = Long.remainderUnsigned(hash(file, name), intervalMillis * 1_000_000L) / 1_000_000L;
    long adjNow = nowMillis - offset;
    return adjNow - Math.floorMod(adjNow, intervalMillis) + offset;
  }

  static long hash(String file, String name) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (String s : new String[] {"file", file, "name", name}) {
      b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      b.write(0xff);
    }
    return xxh64(b.toByteArray());
  }

  static long xxh64(byte[] in) {
    int len = in.length;
    int i = 0;
    long h;
    if (len >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      while (i <= len - 32) {
        v1 = round(v1, read64(in, i));
        v2 = round(v2, read64(in, i + 8));
        v3 = round(v3, read64(in, i + 16));
        v4 = round(v4, read64(in, i + 24));
        i += 32;
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = P5;
    }
    h += len;
    while (i + 8 <= len) {
      h ^= round(0, read64(in, i));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      i += 8;
    }
    if (i + 4 <= len) {
      h ^= (read32(in, i) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    while (i < len) {
      h ^= (in[i] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      i++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long merge(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long read64(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
        | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
  }

  private static int read32(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
  }
}
