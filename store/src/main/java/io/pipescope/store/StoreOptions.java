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
 * @param walHoldBytes the most bytes of WAL segments a checkpoint keeps for {@link WalHold}s
 *     (readers that are behind) beyond the segment being written; past it the oldest are
 *     checkpointed anyway, so a reader that never catches up cannot fill the disk
 */
public record StoreOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, Duration retention,
    long retentionBytes, Duration maintenanceInterval, int walSegmentBytes, long walHoldBytes) {
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  public static final long DEFAULT_WAL_HOLD_BYTES = 1024L * 1024 * 1024;

  public StoreOptions {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    if (retentionBytes < 0) {
      throw new IllegalArgumentException("retention bytes must be 0 (off) or positive, got " + retentionBytes);
    }
    if (walHoldBytes < 0) {
      throw new IllegalArgumentException("the WAL hold limit must be 0 or more bytes, got " + walHoldBytes);
    }
    if (maintenanceInterval.toMillis() < 1) {
      throw new IllegalArgumentException("maintenance interval must be positive, got " + maintenanceInterval);
    }
  }

  public StoreOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval) {
    this(directory, fsync, fsyncInterval, DEFAULT_RETENTION, 0, Duration.ofMinutes(1), 128 * 1024 * 1024,
        DEFAULT_WAL_HOLD_BYTES);
  }

  public static StoreOptions at(Path directory) {
    return new StoreOptions(directory, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
  }

  public StoreOptions withRetention(Duration keep) {
    return new StoreOptions(directory, fsync, fsyncInterval, keep, retentionBytes, maintenanceInterval,
        walSegmentBytes, walHoldBytes);
  }

  public StoreOptions withRetentionBytes(long bytes) {
    return new StoreOptions(directory, fsync, fsyncInterval, retention, bytes, maintenanceInterval, walSegmentBytes,
        walHoldBytes);
  }

  public StoreOptions withWalSegmentBytes(int bytes) {
    return new StoreOptions(directory, fsync, fsyncInterval, retention, retentionBytes, maintenanceInterval, bytes,
        walHoldBytes);
  }

  public StoreOptions withWalHoldBytes(long bytes) {
    return new StoreOptions(directory, fsync, fsyncInterval, retention, retentionBytes, maintenanceInterval,
        walSegmentBytes, bytes);
  }
}
