package io.pipescope.store.traces;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where spans are kept and for how long.
 *
 * @param dir the segment files' directory
 * @param retention segments whose newest span is older than this are deleted
 * @param retentionBytes past this many bytes the oldest segments are deleted (0: no size limit)
 * @param segmentBytes a segment is closed and a new one begun past this size ...
 * @param segmentAge ... or once it has been written to for this long (the granularity of retention)
 * @param indexedAttributes span and resource attributes a search can filter on, besides the
 *     intrinsic {@code name} and {@code status}
 */
public record TraceStoreOptions(Path dir, Duration retention, long retentionBytes, long segmentBytes,
    Duration segmentAge, Set<String> indexedAttributes) {
  /**
   * The attributes of pipescope's instrumentation contract (docs/instrumentation.md), semantic
   * conventions and their accepted aliases: enough to find a feature, a stage run or a deploy.
   */
  public static final Set<String> CONTRACT_ATTRIBUTES = Set.copyOf(List.of(
      "service.name", "cicd.pipeline.name", "cicd.pipeline.task.name", "checker.name",
      "cicd.pipeline.task.run.result", "status", "factory.attempt", "retry", "factory.feature.id",
      "factory.feature.type", "factory.feature.name", "deployment.environment.name", "environment",
      "deployment.id", "gen_ai.request.model", "model", "factory.stage.kind", "factory.deployment.rollback",
      "rollback"));

  public TraceStoreOptions {
    indexedAttributes = Set.copyOf(new TreeSet<>(indexedAttributes));
    if (retention.toMillis() < 1 || retentionBytes < 0 || segmentBytes < 1024 || segmentAge.toMillis() < 1) {
      throw new IllegalArgumentException("retention and segment_age must be positive, retention_size not negative"
          + " and segment_size at least 1KiB");
    }
  }

  /** Seven days, 1 GiB, 64 MiB or 1 h segments, the contract's attributes indexed. */
  public static TraceStoreOptions defaults(Path dir) {
    return new TraceStoreOptions(dir, Duration.ofDays(7), 1L << 30, 64L << 20, Duration.ofHours(1),
        CONTRACT_ATTRIBUTES);
  }
}
