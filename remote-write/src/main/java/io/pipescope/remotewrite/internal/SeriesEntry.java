package io.pipescope.remotewrite.internal;

import io.pipescope.proto.prometheus.Label;
import java.util.List;

/**
 * A series as it is sent: its labels with the external labels merged in, sorted by name as the
 * spec requires, built once when its series record is read; and the shard that sends it. Compared
 * by identity: one entry per WAL ref.
 */
final class SeriesEntry {
  final List<Label> labels;
  final int shard;

  SeriesEntry(List<Label> labels, int shard) {
    this.labels = labels;
    this.shard = shard;
  }
}
