package io.pipescope.store;

import io.pipescope.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store keeps its files and how hard it syncs them.
 *
 * @param directory the data directory; the write-ahead log lives in {@code wal/} below it
 * @param fsync when the WAL is synced: ALWAYS (before a write is acknowledged), INTERVAL, NEVER
 * @param fsyncInterval the period of INTERVAL syncing
 */
public record StoreOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval) {
  public static StoreOptions at(Path directory) {
    return new StoreOptions(directory, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
  }
}
