package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WriteAheadLog} writes: the size at which a segment is closed and the next one begun,
 * and when records are synced to disk.
 *
 * @param segmentBytes the largest size of a segment file, a multiple of the 32 KiB page
 * @param fsyncPolicy when records are synced to disk
 * @param fsyncInterval the time between syncs under {@link FsyncPolicy#INTERVAL}; unused otherwise
 */
public record WalOptions(int segmentBytes, FsyncPolicy fsyncPolicy, Duration fsyncInterval) {
  /** Prometheus's segment size: large enough that rollover is rare, small enough to delete in one go. */
  public static final int DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;

  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);

  public WalOptions {
    Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
    Objects.requireNonNull(fsyncInterval, "fsyncInterval");
    if (segmentBytes <= 0 || segmentBytes % FragmentFormat.PAGE_SIZE != 0) {
      throw new IllegalArgumentException(
          "the WAL segment size must be a positive multiple of the "
              + FragmentFormat.PAGE_SIZE
              + "-byte page, got "
              + segmentBytes
              + " bytes");
    }
    if (fsyncInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "the WAL fsync interval must be at least one millisecond, got " + fsyncInterval);
    }
  }

  /** 128 MiB segments, {@link FsyncPolicy#ALWAYS}, and a one-second interval should INTERVAL be chosen. */
  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_SEGMENT_BYTES, FsyncPolicy.ALWAYS, DEFAULT_FSYNC_INTERVAL);
  }

  public WalOptions withSegmentBytes(int bytes) {
    return new WalOptions(bytes, fsyncPolicy, fsyncInterval);
  }

  public WalOptions withFsyncPolicy(FsyncPolicy policy) {
    return new WalOptions(segmentBytes, policy, fsyncInterval);
  }

  public WalOptions withFsyncInterval(Duration interval) {
    return new WalOptions(segmentBytes, fsyncPolicy, interval);
  }
}
