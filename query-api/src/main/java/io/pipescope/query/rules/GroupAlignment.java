package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.LabelsHash;

/**
 * When a group is evaluated: on its interval's grid shifted by a fixed offset, the hash of
 * {@code {file, name}} modulo the interval, so that groups spread over the interval instead of
 * all querying at once (rules/group.go, EvalTimestamp). The hash is labels.Hash of the slice
 * labels build: XXH64 over name, 0xff, value, 0xff per label, in name order.
 */
final class GroupAlignment {

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
    return LabelsHash.hash(Labels.of("file", file, "name", name));
  }
}
