package io.pipescope.store;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.store.internal.block.Block;
import io.pipescope.store.internal.block.BlockCompactor;
import io.pipescope.store.internal.block.BlockContents;
import io.pipescope.store.internal.block.BlockWriter;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadReplay;
import io.pipescope.store.internal.head.WalCheckpoint;
import io.pipescope.store.internal.head.WalHeadLog;
import io.pipescope.store.internal.query.MergedQuerier;
import io.pipescope.store.internal.wal.SegmentFile;
import io.pipescope.store.internal.wal.WalOptions;
import io.pipescope.store.internal.wal.WalReader;
import io.pipescope.store.internal.wal.WalRecords;
import io.pipescope.store.internal.wal.WalTailReader;
import io.pipescope.store.internal.wal.WriteAheadLog;
import io.pipescope.store.internal.exemplar.CircularExemplarStorage;
import io.pipescope.store.internal.exemplar.ExemplarAppender;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * pipescope's embedded time-series store: the head block (every batch in the write-ahead log
 * before it is acknowledged, rebuilt from it on open) and immutable on-disk blocks. {@link
 * #maintain} cuts the head's oldest whole {@value #BLOCK_RANGE_MILLIS} ms into a block once the
 * head spans one and a half of them, checkpoints the WAL, and deletes blocks past retention.
 */
public final class TimeSeriesStore implements Appendable, Queryable, ExemplarQueryable, Closeable, MetricSource {
  /** Block range: Prometheus's 2 hours; head chunks are cut on the same boundaries. */
  public static final long BLOCK_RANGE_MILLIS = 2 * 60 * 60 * 1000L;
  /**
   * Exemplars kept, shared by all series, oldest overwritten first (Prometheus's
   * --storage.tsdb.max-exemplars as its docs suggest). In memory: they do not survive a restart.
   */
  public static final int MAX_EXEMPLARS = 100_000;
  private static final Logger LOG = Logger.getLogger(TimeSeriesStore.class.getName());

  private final StoreOptions options;
  private final WriteAheadLog wal;
  private final Head head;
  private final CircularExemplarStorage exemplars = new CircularExemplarStorage(MAX_EXEMPLARS);
  private final HeadReplay.Result replayed;
  private final CopyOnWriteArrayList<Block> blocks;
  private final AtomicLong blocksWritten = new AtomicLong();
  private final AtomicLong blocksDeleted = new AtomicLong();
  private final AtomicLong blocksCompacted = new AtomicLong();
  private final AtomicLong maintenanceFailures = new AtomicLong();
  private final CopyOnWriteArrayList<WalHold> walHolds = new CopyOnWriteArrayList<>();
  private final AtomicLong walHoldOverruns = new AtomicLong();
  private volatile long walHeldBytes;
  /** A checkpoint kept segments for a hold; the next maintenance checkpoints them once released. */
  private boolean checkpointDeferred;
  private volatile ScheduledExecutorService maintainer;

  private TimeSeriesStore(StoreOptions options, WriteAheadLog wal, Head head, HeadReplay.Result replayed,
      List<Block> blocks) {
    this.options = options;
    this.wal = wal;
    this.head = head;
    this.replayed = replayed;
    this.blocks = new CopyOnWriteArrayList<>(blocks);
  }

  /**
   * Opens (or creates) the store in {@code options.directory()}: removes what an interrupted block
   * write left, opens the blocks, repairs a torn WAL tail and replays the log into the head.
   *
   * @throws IOException when the WAL or a block is corrupt (the message names the file and offset),
   *     or the directory cannot be used
   */
  public static TimeSeriesStore open(StoreOptions options) throws IOException {
    Path dir = options.directory();
    Path walDir = dir.resolve("wal");
    Files.createDirectories(walDir);
    Block.cleanupTemporary(dir);
    List<Block> blocks = openBlocks(dir);
    WriteAheadLog wal = WriteAheadLog.open(walDir, WalOptions.defaults().withSegmentBytes(options.walSegmentBytes())
        .withFsyncPolicy(options.fsync()).withFsyncInterval(options.fsyncInterval()));
    try {
      Head head = new Head(new WalHeadLog(wal));
      for (Block b : blocks) {
        head.setMinValidTime(b.meta().maxTime());
      }
      HeadReplay.Result replayed = HeadReplay.replay(walDir, head);
      return new TimeSeriesStore(options, wal, head, replayed, blocks);
    } catch (IOException | RuntimeException e) {
      wal.close();
      blocks.forEach(Block::close);
      throw e;
    }
  }

  private static List<Block> openBlocks(Path dir) throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        if (Files.isDirectory(p) && Files.exists(p.resolve("meta.json"))) {
          blocks.add(Block.open(p));
        }
      }
    }
    blocks.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    return blocks;
  }

  @Override
  public Appender appender() {
    return new ExemplarAppender(head.appender(), exemplars);
  }

  @Override
  public List<SeriesExemplars> exemplars(long minTimeMillis, long maxTimeMillis,
      List<List<LabelMatcher>> matcherSets) {
    return exemplars.exemplars(minTimeMillis, maxTimeMillis, matcherSets);
  }

  /** Blocks overlapping the range, oldest first, then the head: one series per label set. */
  @Override
  public Querier querier(long minTimeMillis, long maxTimeMillis) {
    List<Querier> parts = new ArrayList<>();
    for (Block b : blocks) {
      if (b.meta().minTime() <= maxTimeMillis && b.meta().maxTime() > minTimeMillis) {
        parts.add(b.querier(minTimeMillis, maxTimeMillis));
      }
    }
    parts.add(head.querier(minTimeMillis, maxTimeMillis));
    return new MergedQuerier(parts);
  }

  /**
   * Cuts whole block ranges out of the head while it spans more than one and a half of them,
   * checkpoints the WAL when older segments exist, and deletes blocks past retention (relative to
   * {@code nowMillis}). Not thread-safe with itself: one maintainer.
   */
  public synchronized void maintain(long nowMillis) throws IOException {
    long[] range = head.timeRange();
    boolean cut = false;
    while (range != null && range[1] - range[0] > BLOCK_RANGE_MILLIS * 3 / 2) {
      long start = Math.floorDiv(range[0], BLOCK_RANGE_MILLIS) * BLOCK_RANGE_MILLIS;
      long end = start + BLOCK_RANGE_MILLIS;
      BlockContents contents = head.exportBlock(start, end);
      if (!contents.series().isEmpty()) {
        blocks.add(Block.open(BlockWriter.write(options.directory(), contents)));
        blocksWritten.incrementAndGet();
      }
      head.truncateBefore(end);
      cut = true;
      range = head.timeRange();
    }
    int current = wal.currentSegment();
    int keepFrom = firstSegmentToKeep(current);
    boolean due = cut || checkpointDeferred && keepFrom > wal.segments().get(0).index();
    if (due && keepFrom > 0) {
      WalCheckpoint.write(options.directory().resolve("wal"), wal, keepFrom, head);
    }
    checkpointDeferred = (cut || checkpointDeferred) && keepFrom < current;
    compactBlocks();
    long oldestKept = nowMillis - options.retention().toMillis();
    for (Block b : blocks) {
      if (b.meta().maxTime() <= oldestKept) {
        deleteBlock(b);
      }
    }
    if (options.retentionBytes() > 0) {
      List<Block> oldestFirst = new ArrayList<>(blocks);
      long total = oldestFirst.stream().mapToLong(Block::sizeBytes).sum();
      for (Block b : oldestFirst) {
        if (total <= options.retentionBytes()) {
          break;
        }
        total -= b.sizeBytes();
        deleteBlock(b);
      }
    }
  }

  /**
   * The oldest segment a checkpoint now keeps: the one being written, or the oldest a {@link WalHold}
   * still needs, as long as the segments kept for holds stay within {@link StoreOptions#walHoldBytes}.
   */
  private int firstSegmentToKeep(int current) throws IOException {
    int keepFrom = current;
    for (WalHold hold : walHolds) {
      keepFrom = Math.min(keepFrom, hold.segment());
    }
    List<SegmentFile> held = new ArrayList<>();
    long bytes = 0;
    for (SegmentFile s : wal.segments()) {
      if (s.index() >= keepFrom && s.index() < current) {
        held.add(s);
        bytes += Files.size(s.path());
      }
    }
    int overrun = keepFrom;
    for (SegmentFile s : held) {
      if (bytes <= options.walHoldBytes()) {
        break;
      }
      bytes -= Files.size(s.path());
      overrun = s.index() + 1;
    }
    if (overrun > keepFrom) {
      walHoldOverruns.incrementAndGet();
      List<String> behind = new ArrayList<>();
      for (WalHold hold : walHolds) {
        if (hold.segment() < overrun) {
          behind.add(hold.holder() + " (at segment " + hold.segment() + ")");
        }
      }
      LOG.warning("WAL segments " + keepFrom + " to " + (overrun - 1) + " go to the checkpoint although " + behind
          + " did not read them: the segments held for readers exceed the limit of " + options.walHoldBytes()
          + " bytes");
      keepFrom = overrun;
    }
    walHeldBytes = bytes;
    return keepFrom;
  }

  /**
   * Keeps the WAL's segments from {@code segment} on until the hold moves past them or is closed
   * (within {@link StoreOptions#walHoldBytes}). Take it before reading with {@link #walTail}.
   */
  public WalHold holdWal(String holder, int segment) {
    WalHold hold = new WalHold(holder, segment, walHolds::remove);
    walHolds.add(hold);
    return hold;
  }

  /** The start of the oldest WAL segment kept: a tail opened here reads all the WAL still holds. */
  public WalPosition walStart() throws IOException {
    List<SegmentFile> segments = wal.segments();
    return segments.isEmpty() ? wal.readableEnd() : new WalPosition(segments.get(0).index(), 0);
  }

  /** How far the WAL is synced: a tail opened here reads only what is logged from now on. */
  public WalPosition walEnd() {
    return wal.readableEnd();
  }

  /** A reader of the WAL's records that end after {@code from}, including those logged later. */
  public WalTail walTail(WalPosition from) throws IOException {
    return new WalTail(WalTailReader.open(wal, from));
  }

  /**
   * Every series record (and deletion) logged before {@code before}: the newest checkpoint's, then
   * the segments'. What a tail opened at {@code before} needs to know the series its samples name.
   * Samples are not passed on. Maintenance waits meanwhile, so no segment goes while it is read.
   */
  public synchronized void readWalSeries(WalPosition before, WalTail.Visitor visitor) throws IOException {
    WalTail.Visitor seriesOnly = new WalTail.Visitor() {
      @Override
      public void series(long ref, Labels labels) {
        visitor.series(ref, labels);
      }

      @Override
      public void sample(long ref, long timestampMillis, double value) {
        // Not asked for.
      }

      @Override
      public void deleted(long ref) {
        visitor.deleted(ref);
      }
    };
    Path checkpoint = WalCheckpoint.newest(options.directory().resolve("wal"));
    if (checkpoint != null) {
      try (WalReader reader = WalReader.open(checkpoint)) {
        while (reader.next()) {
          byte[] record = reader.record();
          if (WalRecords.Type.of(record) != WalRecords.Type.SAMPLES) {
            WalTail.decode(record, seriesOnly);
          }
        }
      }
    }
    List<SegmentFile> segments = wal.segments();
    if (segments.isEmpty() || segments.get(0).index() > before.segment()) {
      return;
    }
    try (WalTail tail = walTail(new WalPosition(segments.get(0).index(), 0))) {
      while (tail.next(0, TimeUnit.NANOSECONDS, seriesOnly)) {
        if (!tail.recordEnd().isBefore(before)) {
          break;
        }
      }
    }
  }

  /** The newest sample time the store took in since it opened (replayed ones included). */
  public long newestSampleMillis() {
    return head.newestSampleMillis();
  }

  /**
   * Merges the blocks of each finished window of the next range into one, range by range
   * (2 h blocks into 6 h, 6 h into 18 h, ...: Prometheus's exponential ranges, up to a tenth of
   * the retention), so a long retention is a few large blocks rather than thousands of small ones.
   */
  private void compactBlocks() throws IOException {
    long maxRange = Math.max(BLOCK_RANGE_MILLIS, options.retention().toMillis() / 10);
    for (long range = BLOCK_RANGE_MILLIS * 3; range <= maxRange; range *= 3) {
      java.util.Map<Long, List<Block>> windows = new java.util.TreeMap<>();
      for (Block b : blocks) {
        long window = Math.floorDiv(b.meta().minTime(), range);
        if (Math.floorDiv(b.meta().maxTime() - 1, range) == window) {
          windows.computeIfAbsent(window, w -> new ArrayList<>()).add(b);
        }
      }
      for (java.util.Map.Entry<Long, List<Block>> w : windows.entrySet()) {
        long windowEnd = (w.getKey() + 1) * range;
        // Only a window the head has left is finished: no block can still arrive in it.
        if (w.getValue().size() < 2 || head.minValidTime() < windowEnd) {
          continue;
        }
        Block merged = Block.open(BlockCompactor.compact(w.getValue(), options.directory()));
        blocks.add(merged);
        for (Block input : w.getValue()) {
          blocks.remove(input);
          input.close();
          input.delete();
        }
        blocksCompacted.incrementAndGet();
      }
    }
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    blocks.clear();
    blocks.addAll(sorted);
  }

  private void deleteBlock(Block b) throws IOException {
    blocks.remove(b);
    b.close();
    b.delete();
    blocksDeleted.incrementAndGet();
  }

  /** Runs {@link #maintain} on the configured interval until close. */
  public synchronized void startMaintenance() {
    if (maintainer != null) {
      return;
    }
    maintainer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipescope-store-maintenance");
      t.setDaemon(true);
      return t;
    });
    long period = options.maintenanceInterval().toMillis();
    maintainer.scheduleWithFixedDelay(() -> {
      try {
        maintain(System.currentTimeMillis());
      } catch (IOException | RuntimeException e) {
        maintenanceFailures.incrementAndGet();
        LOG.log(Level.WARNING, "store maintenance failed; it runs again next interval", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** What a deletion removed. */
  public record Deletion(int headSeries, int blocksRewritten) {}

  /**
   * Deletes every series matching all matchers, whole: from the head (logged, so a restart does
   * not bring them back) and from every block holding one (the block is written again without
   * them). Prometheus's delete_series with no time range.
   */
  public synchronized Deletion deleteSeries(LabelMatcher... matchers) throws IOException {
    if (matchers.length == 0) {
      throw new IllegalArgumentException("deleting series needs at least one matcher");
    }
    List<Long> refs = head.matching(matchers);
    if (!refs.isEmpty()) {
      wal.log(WalRecords.encodeDeletedSeries(refs));
      head.forget(refs);
    }
    int rewritten = 0;
    for (Block b : blocks) {
      boolean holds;
      try (Querier q = b.querier(b.meta().minTime(), b.meta().maxTime())) {
        holds = q.select(false, matchers).next();
      }
      if (!holds) {
        continue;
      }
      Path replacement = BlockCompactor.rewriteWithout(b, labels -> matchesAll(labels, matchers), options.directory());
      if (replacement != null) {
        blocks.add(Block.open(replacement));
      }
      blocks.remove(b);
      b.close();
      b.delete();
      rewritten++;
    }
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(x -> x.meta().minTime()));
    blocks.clear();
    blocks.addAll(sorted);
    return new Deletion(refs.size(), rewritten);
  }

  private static boolean matchesAll(Labels labels, LabelMatcher... matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** [oldest, newest] sample time held, over blocks and head; null when empty. */
  public long[] timeRange() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Block b : blocks) {
      min = Math.min(min, b.meta().minTime());
      max = Math.max(max, b.meta().maxTime() - 1);
    }
    long[] headRange = head.timeRange();
    if (headRange != null) {
      min = Math.min(min, headRange[0]);
      max = Math.max(max, headRange[1]);
    }
    return min == Long.MAX_VALUE ? null : new long[] {min, max};
  }

  /** Bytes on disk: blocks and the write-ahead log. */
  public long diskBytes() throws IOException {
    long total = blocks.stream().mapToLong(Block::sizeBytes).sum();
    try (Stream<Path> files = Files.walk(options.directory().resolve("wal"))) {
      total += files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    return total;
  }

  public long numSeries() {
    return head.numSeries();
  }

  public long numSamples() {
    return head.numSamples();
  }

  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** Each series' newest sample: what the aggregators continue from after a restart. */
  public void forEachLatest(Head.LatestSample consumer) {
    head.forEachLatest(consumer);
  }

  /** Bytes of the head's chunks. */
  public long chunkBytes() {
    return head.chunkBytes();
  }

  /** What the last open replayed from the write-ahead log. */
  public HeadReplay.Result replayed() {
    return replayed;
  }

  /** The store's own health, as {@code pipescope_store_*}. */
  @Override
  public void collect(MetricCollector c) {
    c.family("pipescope_store_exemplars_in_storage", MetricType.GAUGE, "Exemplars kept (in memory).");
    c.sample(Labels.empty(), exemplars.size());
    c.family("pipescope_store_exemplars_max", MetricType.GAUGE, "How many exemplars are kept at most.");
    c.sample(Labels.empty(), exemplars.capacity());
    c.family("pipescope_store_exemplars_appended", MetricType.COUNTER, "Exemplars added.");
    c.sample(Labels.empty(), exemplars.appended());
    c.family("pipescope_store_exemplars_out_of_order", MetricType.COUNTER,
        "Exemplars refused as older than their series' newest.");
    c.sample(Labels.empty(), exemplars.outOfOrder());
    c.family("pipescope_store_head_series", MetricType.GAUGE, "Series in the head block.");
    c.sample(Labels.empty(), head.numSeries());
    c.family("pipescope_store_head_samples_appended", MetricType.COUNTER,
        "Samples appended to the head since start (replayed ones included).");
    c.sample(Labels.empty(), head.numSamples());
    c.family("pipescope_store_head_chunk_bytes", MetricType.GAUGE, "Bytes of the head's compressed chunks.");
    c.sample(Labels.empty(), head.chunkBytes());
    c.family("pipescope_store_blocks", MetricType.GAUGE, "Blocks on disk.");
    c.sample(Labels.empty(), blocks.size());
    c.family("pipescope_store_blocks_bytes", MetricType.GAUGE, "Bytes of the blocks on disk.");
    c.sample(Labels.empty(), blocks.stream().mapToLong(Block::sizeBytes).sum());
    c.family("pipescope_store_blocks_written", MetricType.COUNTER, "Blocks cut from the head since start.");
    c.sample(Labels.empty(), blocksWritten.get());
    c.family("pipescope_store_compactions", MetricType.COUNTER, "Block compactions since start.");
    c.sample(Labels.empty(), blocksCompacted.get());
    c.family("pipescope_store_blocks_deleted", MetricType.COUNTER, "Blocks deleted by retention since start.");
    c.sample(Labels.empty(), blocksDeleted.get());
    c.family("pipescope_store_maintenance_failures", MetricType.COUNTER,
        "Maintenance runs (head cut, checkpoint, retention) that failed; each is logged.");
    c.sample(Labels.empty(), maintenanceFailures.get());
    c.family("pipescope_store_wal_fsyncs", MetricType.COUNTER, "Syncs of WAL segments (one per group commit).");
    c.sample(Labels.empty(), wal.fsyncCount());
    c.family("pipescope_store_wal_replay_seconds", MetricType.GAUGE, "Time the last open spent replaying the WAL.");
    c.sample(Labels.empty(), replayed.millis() / 1000.0);
    c.family("pipescope_store_wal_held_bytes", MetricType.GAUGE,
        "Bytes of WAL segments the last maintenance kept for readers that are behind (remote write).");
    c.sample(Labels.empty(), walHeldBytes);
    c.family("pipescope_store_wal_hold_overruns", MetricType.COUNTER,
        "Maintenance runs that checkpointed WAL segments a reader had not read, to stay within the hold limit.");
    c.sample(Labels.empty(), walHoldOverruns.get());
  }

  @Override
  public void close() throws IOException {
    ScheduledExecutorService m = maintainer;
    if (m != null) {
      m.shutdownNow();
      try {
        m.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      wal.close();
    } finally {
      blocks.forEach(Block::close);
    }
  }
}
