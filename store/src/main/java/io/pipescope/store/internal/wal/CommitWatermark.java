package io.pipescope.store.internal.wal;

import io.pipescope.store.WalPosition;
import java.io.InterruptedIOException;

/**
 * How far the log is readable by a reader tailing it: the end of the last batch written, and of the
 * last one synced. A tail reads no further than the synced end, so it never sees a record that a
 * crash could still take back (under {@code NEVER} there is no sync, and the written end counts).
 * Readers wait here for the end to move; writers move it once per group commit, not per record.
 */
final class CommitWatermark {
  private final Object changed = new Object();
  private volatile WalPosition written;
  private volatile WalPosition synced;
  private volatile boolean closed;

  CommitWatermark(WalPosition end) {
    this.written = end;
    this.synced = end;
  }

  WalPosition written() {
    return written;
  }

  WalPosition synced() {
    return synced;
  }

  /** A group is written (and, if {@code durable}, synced) up to {@code end}. */
  void advanceWritten(WalPosition end, boolean durable) {
    written = end;
    if (durable) {
      advanceSynced(end);
    }
  }

  /** Everything up to {@code end} is on disk. */
  void advanceSynced(WalPosition end) {
    synchronized (changed) {
      if (synced.isBefore(end)) {
        synced = end;
        changed.notifyAll();
      }
    }
  }

  boolean closed() {
    return closed;
  }

  void close() {
    synchronized (changed) {
      closed = true;
      changed.notifyAll();
    }
  }

  /**
   * Waits until the synced end is past {@code seen}, the log closes, or {@code timeoutNanos} pass.
   *
   * @return the synced end then
   */
  WalPosition awaitSyncedAfter(WalPosition seen, long timeoutNanos) throws InterruptedIOException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (changed) {
      while (!closed && !seen.isBefore(synced)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          changed.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the write-ahead log to grow");
        }
      }
      return synced;
    }
  }
}
