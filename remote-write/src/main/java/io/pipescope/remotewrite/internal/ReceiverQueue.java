package io.pipescope.remotewrite.internal;

import io.pipescope.remotewrite.RemoteWriteTarget;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.WalHold;
import io.pipescope.store.WalPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that sends to one receiver: a {@link WalWatcher} reading the store's WAL, the
 * {@link Shard}s sending, and the {@link SendProgress} file saying how far they got.
 *
 * <p><b>Durability.</b> The WAL is the queue. After every acknowledged batch the progress file
 * records where to read again (the start of the oldest record with a sample not yet acknowledged,
 * or where the reader is when nothing is pending) and each shard's last acknowledged sample, and
 * the queue's {@link WalHold} moves to that segment, so the store keeps every segment not yet sent
 * (up to its hold limit). A restart reads from that position and skips what the marks cover: nothing
 * is lost, and what is sent twice is at most the batch each shard had in flight at a crash.
 */
public final class ReceiverQueue {
  private static final Logger LOG = Logger.getLogger(ReceiverQueue.class.getName());

  private final String name;
  private final TimeSeriesStore store;
  private final Path progressFile;
  private final WalHold hold;
  private final Shard[] shards;
  private final WalWatcher watcher;
  private final Thread watcherThread;
  private final Thread[] shardThreads;
  private final Object saving = new Object();
  /** Acknowledgements so far, and how many the saved file covers: one save covers all before it. */
  private final AtomicLong changes = new AtomicLong();
  private long saved = -1;

  public ReceiverQueue(TimeSeriesStore store, RemoteWriteTarget target, Map<String, String> externalLabels,
      Path progressFile, RemoteStorageMetrics metrics, Sleeper sleeper) throws IOException {
    this.name = target.queueName();
    this.store = store;
    this.progressFile = progressFile;
    int shardCount = target.queue().shards();
    SendProgress.State state = loadProgress(shardCount);
    SampleMark[] marks = state.marks();
    this.hold = store.holdWal("remote_write " + name, state.resume().segment());
    HttpSender sender = new HttpSender(target, System::currentTimeMillis);
    this.shards = new Shard[shardCount];
    RemoteStorageMetrics.QueueMetrics counters = metrics.queue(name, target.redactedUrl(), new Gauges());
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard(name, i, target.queue(), sender, counters, sleeper, marks[i], this::progressChanged);
    }
    this.watcher = new WalWatcher(name, store, shards, externalLabels, counters, state.resume(), marks.clone());
    this.watcherThread = new Thread(watcher, "pipescope-remote-write-wal " + name);
    this.shardThreads = new Thread[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shardThreads[i] = new Thread(shards[i], "pipescope-remote-write-shard-" + i + " " + name);
    }
    saveProgress();
  }

  /**
   * The saved progress; on a first start, the WAL's end (what is logged from now on is sent, as a
   * Prometheus given a new remote_write sends what it scrapes from then on). A file of another shard
   * count keeps its position but not its marks (series now go to other shards): records from the
   * position are sent again. A damaged file restarts from the oldest segment: nothing is lost, much
   * may be sent twice.
   */
  private SendProgress.State loadProgress(int shardCount) throws IOException {
    SendProgress.State state;
    try {
      state = SendProgress.load(progressFile);
    } catch (IOException e) {
      WalPosition start = store.walStart();
      LOG.log(Level.WARNING, "remote_write " + name + ": " + e.getMessage() + "; sending everything the WAL holds,"
          + " from " + start, e);
      return new SendProgress.State(start, new SampleMark[shardCount]);
    }
    if (state == null) {
      return new SendProgress.State(store.walEnd(), new SampleMark[shardCount]);
    }
    if (state.marks().length != shardCount) {
      LOG.info("remote_write " + name + ": the shard count changed from " + state.marks().length + " to "
          + shardCount + "; samples from " + state.resume() + " on are sent again");
      return new SendProgress.State(state.resume(), new SampleMark[shardCount]);
    }
    return state;
  }

  public void start() {
    for (Thread t : shardThreads) {
      t.setDaemon(true);
      t.start();
    }
    watcherThread.setDaemon(true);
    watcherThread.start();
  }

  /** A shard had a batch acknowledged: record the progress (one save covers many acknowledgements). */
  private void progressChanged() {
    changes.incrementAndGet();
    try {
      saveProgress();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "remote_write " + name + ": cannot save its progress in " + progressFile
          + "; a restart now would send again what was sent since the last save", e);
    }
  }

  private void saveProgress() throws IOException {
    synchronized (saving) {
      long upTo = changes.get();
      if (upTo == saved) {
        return;
      }
      // The reader's position first: a sample queued after it was read is in a record after it.
      WalPosition resume = watcher.dispatched();
      SampleMark[] marks = new SampleMark[shards.length];
      for (int i = 0; i < shards.length; i++) {
        Shard.Snapshot s = shards[i].snapshot();
        if (s.oldestRecord() != null) {
          resume = WalPosition.min(resume, s.oldestRecord());
        }
        marks[i] = s.mark();
      }
      for (int i = 0; i < marks.length; i++) {
        if (marks[i] != null && marks[i].record().isBefore(resume)) {
          marks[i] = null; // records before resume are not read again
        }
      }
      SendProgress.save(progressFile, new SendProgress.State(resume, marks));
      hold.moveTo(resume.segment());
      saved = upTo;
    }
  }

  /**
   * Sends what the WAL holds now for at most {@code drain}, then stops and saves the progress. What
   * is not acknowledged by then is sent after the next start.
   */
  public void close(Duration drain) {
    long deadline = System.nanoTime() + drain.toNanos();
    watcher.drain();
    join(watcherThread, deadline);
    if (watcherThread.isAlive()) {
      watcherThread.interrupt();
      join(watcherThread, System.nanoTime() + Duration.ofSeconds(5).toNanos());
    }
    for (Shard shard : shards) {
      shard.finishInput();
    }
    for (Thread t : shardThreads) {
      join(t, deadline);
    }
    for (int i = 0; i < shards.length; i++) {
      shards[i].stop();
      if (shardThreads[i].isAlive()) {
        shardThreads[i].interrupt();
      }
    }
    for (Thread t : shardThreads) {
      join(t, System.nanoTime() + Duration.ofSeconds(5).toNanos());
      if (t.isAlive()) {
        LOG.warning(t.getName() + " did not stop within 5 s of being told to; it makes no further attempt");
      }
    }
    try {
      changes.incrementAndGet();
      saveProgress();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "remote_write " + name + ": cannot save its progress in " + progressFile, e);
    }
    hold.close();
  }

  private static void join(Thread t, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0 || !t.isAlive()) {
      return;
    }
    try {
      t.join(Math.max(1, left / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String name() {
    return name;
  }

  /** The gauges, computed when /metrics is read. */
  private final class Gauges implements RemoteStorageMetrics.QueueGauges {
    @Override
    public double pendingSamples() {
      long total = 0;
      for (Shard s : shards) {
        total += s.snapshot().size();
      }
      return total;
    }

    @Override
    public double highestSentSeconds() {
      long highest = Long.MIN_VALUE;
      for (Shard s : shards) {
        highest = Math.max(highest, s.highestSentMillis());
      }
      return highest == Long.MIN_VALUE ? 0 : highest / 1000.0;
    }

    @Override
    public double lagSeconds() {
      long oldest = Long.MAX_VALUE;
      for (Shard s : shards) {
        oldest = Math.min(oldest, s.snapshot().oldestTimestamp());
      }
      long newest = store.newestSampleMillis();
      return oldest == Long.MAX_VALUE || newest < oldest ? 0 : (newest - oldest) / 1000.0;
    }

    @Override
    public double shards() {
      return shards.length;
    }

    @Override
    public double currentSegment() {
      return watcher.dispatched().segment();
    }
  }
}
