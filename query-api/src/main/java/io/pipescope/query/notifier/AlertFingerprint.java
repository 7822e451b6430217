package io.pipescope.query.notifier;

import io.pipescope.aggregator.metrics.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Alertmanager's alert fingerprint (prometheus/common model.LabelSet.Fingerprint): FNV-1a 64 over
 * the labels sorted by name, each name and value followed by the byte 0xff, as 16 hex digits.
 */
final class AlertFingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final byte SEPARATOR = (byte) 0xff;

  private AlertFingerprint() {}

  static String of(Labels labels) {
    long h = OFFSET;
    for (int i = 0; i < labels.size(); i++) {
      h = add(h, labels.name(i));
      h = add(h, labels.value(i));
    }
    return String.format("%016x", h);
  }

  private static long add(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * PRIME;
    }
    return (h ^ (SEPARATOR & 0xff)) * PRIME;
  }
}
