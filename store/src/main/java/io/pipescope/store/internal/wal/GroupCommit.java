package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.WalPosition;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Group commit: callers hand their batch to one writer thread and wait. The writer takes every batch
 * queued meanwhile, writes them all with one write(2) per page and, under {@link FsyncPolicy#ALWAYS},
 * covers them with a single fsync before releasing their callers. The slower the disk, the more
 * batches queue up during one fsync, and the more each fsync covers.
 *
 * <p>The file is touched only by the writer thread because an NIO channel is closed when a thread is
 * interrupted inside one of its operations: a caller cancelled mid-write must not close the log for
 * everyone. A failed write or sync leaves the segment's tail unknown, so the log then refuses all
 * writes; reopening it repairs the tail.
 */
final class GroupCommit implements Closeable {
  private final Path dir;
  private final SegmentWriter writer;
  private final FsyncPolicy policy;
  private final CommitWatermark watermark;
  private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  /** Guards {@link #closed}, so that no batch can be queued behind the stop batch. */
  private final Object admission = new Object();
  private final Thread thread;

  private boolean closed;
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  GroupCommit(Path dir, SegmentWriter writer, FsyncPolicy policy, CommitWatermark watermark) {
    this.dir = dir;
    this.writer = writer;
    this.policy = policy;
    this.watermark = watermark;
    this.thread = new Thread(this::run, "pipescope-wal-writer " + dir);
    // A log that is never closed must not keep the JVM alive; every batch is written before it is acknowledged.
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes the records as one batch; returns when they are written and, if the policy says so, synced. */
  void commit(byte[][] records) throws IOException {
    throwIfFailed();
    Batch batch = new Batch(records);
    synchronized (admission) {
      if (closed) {
        throw new IOException("the write-ahead log in " + dir + " is closed");
      }
      queue.add(batch);
    }
    try {
      batch.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while waiting for the write-ahead log in " + dir + "; the batch may or may not have been written");
    } catch (ExecutionException e) {
      throw new IOException("could not write to the write-ahead log in " + dir + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Stops all further writes after a failure found elsewhere (a failed background fsync). */
  void fail(IOException cause) {
    failure.compareAndSet(null, cause);
  }

  /** Writes what is queued, syncs and closes the segment, and stops the writer thread. */
  @Override
  public void close() throws IOException {
    Batch stop = new Batch(null);
    synchronized (admission) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          stop.done.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // Closing half-way would leave the last records unsynced: finish first.
        } catch (ExecutionException e) {
          throw new IOException("could not close the write-ahead log in " + dir + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void throwIfFailed() throws IOException {
    IOException cause = failure.get();
    if (cause != null) {
      throw new IOException(
          "the write-ahead log in " + dir + " accepts no more writes after an earlier failure (" + cause.getMessage()
              + "); reopen it, which repairs a torn tail",
          cause);
    }
  }

  private void run() {
    List<Batch> group = new ArrayList<>();
    boolean stopped = false;
    while (!stopped) {
      group.add(takeNext());
      queue.drainTo(group);
      stopped = writeGroup(group);
      group.clear();
    }
  }

  private Batch takeNext() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // No one should interrupt this thread; the log stops only through the stop batch.
      }
    }
  }

  /** Writes a group of batches and releases their callers; returns whether the group held the stop batch. */
  private boolean writeGroup(List<Batch> group) {
    Throwable error = failure.get();
    if (error == null) {
      try {
        for (Batch batch : group) {
          if (batch.records != null) {
            for (byte[] record : batch.records) {
              writer.append(record);
            }
          }
        }
        writer.flush();
        if (policy == FsyncPolicy.ALWAYS) {
          writer.sync();
        }
        // Under INTERVAL the flusher moves the synced end; under NEVER what is written is all there is.
        watermark.advanceWritten(new WalPosition(writer.segmentIndex(), writer.size()), policy != FsyncPolicy.INTERVAL);
      } catch (IOException e) {
        fail(e);
        error = e;
      } catch (RuntimeException | Error e) {
        // Rethrowing would kill this thread and leave every caller waiting forever.
        fail(new IOException("unexpected failure while writing: " + e, e));
        error = e;
      }
    }
    Batch stop = null;
    for (Batch batch : group) {
      if (batch.records == null) {
        stop = batch;
      } else if (error == null) {
        batch.done.complete(null);
      } else {
        batch.done.completeExceptionally(error);
      }
    }
    if (stop != null) {
      closeWriter(stop);
    }
    return stop != null;
  }

  private void closeWriter(Batch stop) {
    try {
      if (failure.get() == null) {
        writer.close();
        watermark.advanceSynced(new WalPosition(writer.segmentIndex(), writer.size()));
      } else {
        writer.abandon();
      }
      stop.done.complete(null);
    } catch (IOException | RuntimeException e) {
      stop.done.completeExceptionally(e);
    }
  }

  /** One caller's records, or with null records the request to stop. */
  private static final class Batch {
    final byte[][] records;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Batch(byte[][] records) {
      this.records = records;
    }
  }
}
