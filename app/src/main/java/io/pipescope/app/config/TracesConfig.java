package io.pipescope.app.config;

import io.pipescope.store.traces.TraceStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The span store kept for drill-down (needs storage on; kept in {@code <storage.path>/traces}).
 *
 * @param retention spans older than this go, a segment at a time
 * @param retentionBytes the most bytes of span segments kept (0: no limit)
 * @param indexedAttributes searchable attributes besides those of the instrumentation contract
 */
public record TracesConfig(boolean enabled, Duration retention, long retentionBytes, long segmentBytes,
    Duration segmentAge, List<String> indexedAttributes) {
  public static final TracesConfig DEFAULTS = new TracesConfig(true, Duration.ofDays(7), 1L << 30, 64L << 20,
      Duration.ofHours(1), List.of());

  public TracesConfig {
    indexedAttributes = List.copyOf(indexedAttributes);
    // Checks the values as the store will (fields are not assigned yet in a compact constructor).
    new TraceStoreOptions(Path.of("."), retention, retentionBytes, segmentBytes, segmentAge, Set.of());
  }

  /** The store's options for data directory {@code storagePath}; checks the values. */
  public TraceStoreOptions options(Path storagePath) {
    Set<String> indexed = new HashSet<>(TraceStoreOptions.CONTRACT_ATTRIBUTES);
    indexed.addAll(indexedAttributes);
    return new TraceStoreOptions(storagePath.resolve("traces"), retention, retentionBytes, segmentBytes, segmentAge,
        indexed);
  }
}
