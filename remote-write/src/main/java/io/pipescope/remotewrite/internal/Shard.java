package io.pipescope.remotewrite.internal;

import io.pipescope.remotewrite.QueueConfig;
import io.pipescope.store.WalPosition;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One of a receiver's parallel senders. The WAL reader queues samples here in WAL order; the
 * shard's thread sends them in that order in batches of up to max_samples_per_send, or fewer once
 * the first has waited batch_send_deadline, and retries a batch until it is stored or refused for
 * good. A batch stays in the queue until then, so the queue always holds exactly the samples not yet
 * acknowledged, and the oldest of them says where a restart must read again.
 */
final class Shard implements Runnable {
  private static final Logger LOG = Logger.getLogger(Shard.class.getName());

  private final String queueName;
  private final int index;
  private final QueueConfig config;
  private final HttpSender sender;
  private final RemoteStorageMetrics.QueueMetrics metrics;
  private final Sleeper sleeper;
  private final Runnable onAcknowledged;
  private final WriteRequestEncoder encoder = new WriteRequestEncoder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final PendingSamples pending;
  private final long deadlineNanos;
  /** The last sample acknowledged (or dropped for good); null before any. Guarded by lock. */
  private SampleMark mark;
  private long batchStartNanos;
  private boolean inputDone;
  /** Closing: no further attempt is made, whatever the interrupt status says. */
  private volatile boolean stopped;
  private volatile long highestSentMillis = Long.MIN_VALUE;
  private boolean failing;

  /** What a progress save needs from a shard, read at one instant. */
  record Snapshot(WalPosition oldestRecord, long oldestTimestamp, int size, SampleMark mark) {}

  Shard(String queueName, int index, QueueConfig config, HttpSender sender, RemoteStorageMetrics.QueueMetrics metrics,
      Sleeper sleeper, SampleMark mark, Runnable onAcknowledged) {
    this.queueName = queueName;
    this.index = index;
    this.config = config;
    this.sender = sender;
    this.metrics = metrics;
    this.sleeper = sleeper;
    this.mark = mark;
    this.onAcknowledged = onAcknowledged;
    this.pending = new PendingSamples(config.capacity());
    this.deadlineNanos = config.batchSendDeadline().toNanos();
  }

  /** Queues a sample, waiting while the shard is full (the reader then stops reading the WAL). */
  void enqueue(SeriesEntry series, long timestampMillis, double value, WalPosition record, int indexInRecord)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (pending.size() == pending.capacity()) {
        notFull.await();
      }
      pending.add(series, timestampMillis, value, record, indexInRecord);
      int size = pending.size();
      if (size == 1) {
        batchStartNanos = System.nanoTime();
        notEmpty.signal();
      } else if (size == config.maxSamplesPerSend()) {
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** No more samples will come: send what is queued at once, and end when it is sent. */
  void finishInput() {
    lock.lock();
    try {
      inputDone = true;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops at the next attempt or wait; the caller interrupts the thread to cut a wait short. */
  void stop() {
    stopped = true;
  }

  Snapshot snapshot() {
    lock.lock();
    try {
      if (pending.size() == 0) {
        return new Snapshot(null, Long.MAX_VALUE, 0, mark);
      }
      return new Snapshot(pending.record(0), pending.timestamp(0), pending.size(), mark);
    } finally {
      lock.unlock();
    }
  }

  long highestSentMillis() {
    return highestSentMillis;
  }

  @Override
  public void run() {
    try {
      while (true) {
        int count = awaitBatch();
        if (count == 0) {
          return;
        }
        // The first count samples stay put: the reader only appends behind them.
        byte[] body = encoder.encode(pending, count);
        deliver(body, count, encoder.highestTimestamp());
        if (stopped) {
          // Closed while the answer came: counted as not acknowledged, so a restart sends it again.
          return;
        }
        acknowledge(count);
        onAcknowledged.run();
      }
    } catch (InterruptedException stopped) {
      // Closing: what is not acknowledged stays in the WAL for the next start.
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "remote_write " + queueName + " shard " + index
          + " stopped; what it had not sent is sent after a restart", e);
    }
  }

  private int awaitBatch() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        if (stopped) {
          throw new InterruptedException("closing");
        }
        int size = pending.size();
        if (size >= config.maxSamplesPerSend()) {
          return config.maxSamplesPerSend();
        }
        if (size > 0) {
          long wait = batchStartNanos + deadlineNanos - System.nanoTime();
          if (inputDone || wait <= 0) {
            return size;
          }
          notEmpty.awaitNanos(wait);
        } else if (inputDone) {
          return 0;
        } else {
          notEmpty.await(1, TimeUnit.SECONDS);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends until the receiver stores the batch or refuses it for good; retries wait as {@link Backoff} says. */
  private void deliver(byte[] body, int count, long highestTimestamp) throws InterruptedException {
    Backoff backoff = new Backoff(config.minBackoff(), config.maxBackoff());
    while (true) {
      if (stopped) {
        throw new InterruptedException("closing");
      }
      SendAttempt attempt = sender.post(body);
      switch (attempt.outcome()) {
        case STORED -> {
          metrics.samples().add(count);
          metrics.bytes().add(body.length);
          highestSentMillis = Math.max(highestSentMillis, highestTimestamp);
          if (failing) {
            LOG.info("remote_write " + queueName + ": the receiver takes samples again");
            failing = false;
          }
          return;
        }
        case DROP -> {
          // Spec 1.0: a 4xx other than 429 must not be retried; the same body would fail again.
          metrics.failed().add(count);
          LOG.warning("remote_write " + queueName + ": the receiver refused " + count + " samples for good ("
              + attempt.message() + "); they are dropped");
          return;
        }
        case RETRY -> {
          long wait = backoff.nextWaitMillis(attempt.retryAfterMillis());
          if (!failing) {
            LOG.warning("remote_write " + queueName + ": sending failed (" + attempt.message()
                + "); retrying with backoff until the receiver takes it");
            failing = true;
          }
          sleeper.sleep(wait);
          metrics.retried().add(count);
        }
      }
    }
  }

  private void acknowledge(int count) {
    lock.lock();
    try {
      mark = pending.mark(count - 1);
      pending.removeFirst(count);
      if (pending.size() > 0) {
        batchStartNanos = System.nanoTime();
      }
      notFull.signal();
    } finally {
      lock.unlock();
    }
  }
}
