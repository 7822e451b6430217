package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.WalPosition;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Syncs the current segment every interval under {@link FsyncPolicy#INTERVAL}, on its own thread so
 * that writers never wait for the disk.
 */
final class IntervalFlusher implements Closeable {
  private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());

  private final SegmentWriter writer;
  private final CommitWatermark watermark;
  private final Consumer<IOException> onFailure;
  private final ScheduledExecutorService scheduler;

  IntervalFlusher(SegmentWriter writer, CommitWatermark watermark, Duration interval, Consumer<IOException> onFailure,
      String name) {
    this.writer = writer;
    this.watermark = watermark;
    this.onFailure = onFailure;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::syncOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void syncOnce() {
    try {
      // Taken before the sync: what was written by then is on disk after it (an older segment was
      // synced when the writer moved past it).
      WalPosition written = watermark.written();
      writer.forceFromAnotherThread();
      watermark.advanceSynced(written);
    } catch (IOException e) {
      // After a failed fsync the kernel may have dropped the dirty pages: the log cannot go on.
      LOG.log(Level.SEVERE, "Could not sync the write-ahead log; it accepts no more writes", e);
      onFailure.accept(e);
    } catch (RuntimeException e) {
      // An exception escaping a scheduled task would silently cancel all later syncs.
      LOG.log(Level.SEVERE, "Unexpected failure syncing the write-ahead log", e);
      onFailure.accept(new IOException("unexpected failure syncing: " + e, e));
    }
  }

  /**
   * Stops the syncs, waiting a while for one under way. Called before the segment is closed; a sync
   * still running then meets a closed channel, which the writer synced while closing it.
   */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
