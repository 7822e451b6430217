package io.pipescope.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store keeps its files, how hard it syncs them, and how long it keeps data.
 *
 * @param directory the data directory: blocks, and the write-ahead log in {@code wal/}
 * @param fsync when the WAL is synced: ALWAYS (before a write is acknowledged), INTERVAL, NEVER
 * @param fsyncInterval the period of INTERVAL syncing
 * @param retention blocks whose newest sample is older than this are deleted (default 90 days, so
 *     this month and last month are always there)
 * @param retentionBytes 0, or the most bytes of blocks kept: past it the oldest blocks go
 * @param maintenanceInterval how often the head is cut into blocks, the WAL checkpointed and
 *     retention applied
 * @param walSegmentBytes WAL segment size; a checkpoint replaces whole segments
 */
public record StoreOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, Duration retention,
    long retentionBytes, Duration maintenanceInterval, int walSegmentBytes) {
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  public StoreOptions {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    if (retentionBytes < 0) {
      throw new IllegalArgumentException("retention bytes must be 0 (off) or positive, got " + retentionBytes);
    }
    if (maintenanceInterval.toMillis() < 1) {
      throw new IllegalArgumentException("maintenance interval must be positive, got " + maintenanceInterval);
    }
  }

  public StoreOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval) {
    this(directory, fsync, fsyncInterval, DEFAULT_RETENTION, 0, Duration.ofMinutes(1), 128 * 1024 * 1024);
  }

  public static StoreOptions at(Path directory) {
    return new StoreOptions(directory, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
  }

  public StoreOptions withRetention(Duration keep) {
    return new StoreOptions(directory, fsync, fsyncInterval, keep, retentionBytes, maintenanceInterval,
        walSegmentBytes);
  }

  public StoreOptions withRetentionBytes(long bytes) {
    return new StoreOptions(directory, fsync, fsyncInterval, retention, bytes, maintenanceInterval, walSegmentBytes);
  }

  public StoreOptions withWalSegmentBytes(int bytes) {
    return new StoreOptions(directory, fsync, fsyncInterval, retention, retentionBytes, maintenanceInterval, bytes);
  }
}
