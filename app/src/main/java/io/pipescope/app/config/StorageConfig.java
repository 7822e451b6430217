package io.pipescope.app.config;

import io.pipescope.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The embedded store, on by default: the WAL, the head, 2 h blocks compacted as they age, and
 * retention. Off, pipescope only serves what it holds in memory and refuses remote write.
 *
 * @param path data directory (the WAL lives in {@code wal/} below it)
 * @param fsync {@code always} (before acknowledging), {@code interval} or {@code never}
 * @param flushInterval how often the aggregator's metrics are written into the store
 * @param retention blocks older than this are deleted (default 90 days: this month and last)
 * @param retentionBytes 0 (off), or the most bytes of blocks kept, oldest deleted first
 * @param remoteWriteWalLimit the most bytes of WAL segments kept for remote_write receivers that are
 *     behind (down, slow); past it the oldest are checkpointed and those receivers never get them
 */
public record StorageConfig(boolean enabled, Path path, FsyncPolicy fsync, Duration fsyncInterval,
    Duration flushInterval, Duration retention, long retentionBytes, long remoteWriteWalLimit) {
  public static final StorageConfig DEFAULTS = new StorageConfig(true, Path.of("data"), FsyncPolicy.ALWAYS,
      Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofDays(90), 0, 1024L * 1024 * 1024);

  public StorageConfig {
    if (flushInterval.toMillis() < 1) {
      throw new IllegalArgumentException("flush_interval must be positive, got " + flushInterval);
    }
    if (retentionBytes < 0) {
      throw new IllegalArgumentException("retention_size must be 0 (off) or positive, got " + retentionBytes);
    }
    if (retention.toMillis() < 1) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    if (fsyncInterval.toMillis() < 1) {
      throw new IllegalArgumentException("fsync_interval must be positive, got " + fsyncInterval);
    }
    if (remoteWriteWalLimit < 0) {
      throw new IllegalArgumentException("remote_write_wal_limit must be 0 or more, got " + remoteWriteWalLimit);
    }
  }

  public StorageConfig withFsync(FsyncPolicy policy) {
    return new StorageConfig(enabled, path, policy, fsyncInterval, flushInterval, retention, retentionBytes,
        remoteWriteWalLimit);
  }

  static FsyncPolicy fsyncPolicy(String name) {
    try {
      return FsyncPolicy.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fsync must be one of " + Arrays.toString(FsyncPolicy.values())
          .toLowerCase(Locale.ROOT) + ", got '" + name + "'");
    }
  }
}
