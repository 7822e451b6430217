package io.pipescope.store.internal.head;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import io.pipescope.store.internal.block.BlockContents;
import io.pipescope.store.internal.block.BlockSeries;
import io.pipescope.store.internal.block.EncodedChunk;
import io.pipescope.store.internal.index.MemPostings;
import io.pipescope.store.internal.wal.RefSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory head block: every series with its recent samples in XOR chunks, the postings index
 * over their labels, and the log each batch goes to before it becomes visible.
 */
public final class Head implements Appendable, Queryable {
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, MemSeries> byRef = new ConcurrentHashMap<>();
  private final MemPostings postings = new MemPostings();
  private final AtomicLong lastRef = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  /** The newest sample time ever applied (not lowered when series go): how current the store is. */
  private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
  private final HeadLog log;
  private volatile long minValidTime = Long.MIN_VALUE;

  public Head(HeadLog log) {
    this.log = log;
  }

  @Override
  public Appender appender() {
    return new HeadAppender(this, log);
  }

  @Override
  public Querier querier(long minTimeMillis, long maxTimeMillis) {
    return new HeadQuerier(this, minTimeMillis, maxTimeMillis);
  }

  /** The series with these labels, or null. */
  MemSeries series(Labels labels) {
    return byLabels.get(labels);
  }

  MemSeries series(long ref) {
    return byRef.get(ref);
  }

  /** The series with these labels, created with a new ref if need be. */
  MemSeries getOrCreate(Labels labels) {
    MemSeries found = byLabels.get(labels);
    if (found != null) {
      return found;
    }
    synchronized (this) {
      found = byLabels.get(labels);
      if (found != null) {
        return found;
      }
      MemSeries fresh = new MemSeries(lastRef.incrementAndGet(), labels);
      register(fresh);
      return fresh;
    }
  }

  /** Recreates a series with a known ref, as replay does. */
  synchronized MemSeries restore(long ref, Labels labels) {
    MemSeries existing = byLabels.get(labels);
    if (existing != null) {
      byRef.putIfAbsent(ref, existing);
      return existing;
    }
    MemSeries series = new MemSeries(ref, labels);
    series.markLogged();
    register(series);
    lastRef.accumulateAndGet(ref, Math::max);
    return series;
  }

  private void register(MemSeries series) {
    byRef.put(series.ref(), series);
    postings.add(series.ref(), series.labels());
    byLabels.put(series.labels(), series);
  }

  void applied(long count) {
    samples.addAndGet(count);
  }

  /** Samples up to {@code timestampMillis} were applied. */
  void observed(long timestampMillis) {
    if (timestampMillis > newest.get()) {
      newest.accumulateAndGet(timestampMillis, Math::max);
    }
  }

  /** The newest sample time applied since start (replay included), or Long.MIN_VALUE. */
  public long newestSampleMillis() {
    return newest.get();
  }

  MemPostings postings() {
    return postings;
  }

  public long numSeries() {
    return byLabels.size();
  }

  public long numSamples() {
    return samples.get();
  }

  /**
   * The head's data in [mint, maxtExclusive) as the contents of a level-1 block: whole chunks
   * (chunks are cut at {@link MemSeries#CHUNK_RANGE_MILLIS} boundaries), series in label order.
   */
  public BlockContents exportBlock(long mint, long maxtExclusive) {
    List<MemSeries> all = new ArrayList<>(byLabels.values());
    all.sort((a, b) -> LabelsOrder.INSTANCE.compare(a.labels(), b.labels()));
    List<BlockSeries> series = new ArrayList<>();
    for (MemSeries s : all) {
      List<EncodedChunk> chunks = s.encodedChunks(mint, maxtExclusive);
      if (!chunks.isEmpty()) {
        series.add(new BlockSeries(s.labels(), chunks));
      }
    }
    return BlockContents.fromHead(mint, maxtExclusive, series);
  }

  /**
   * Forgets what a written block now holds: chunks ending before {@code t}, and series left with
   * none. Appends older than {@code t} are refused from now on (they belong to the block).
   */
  public synchronized void truncateBefore(long t) {
    minValidTime = Math.max(minValidTime, t);
    Set<Long> emptied = new HashSet<>();
    for (MemSeries s : byLabels.values()) {
      if (s.dropChunksBefore(t) && s.maxTime() < t) {
        emptied.add(s.ref());
      }
    }
    for (long ref : emptied) {
      MemSeries s = byRef.remove(ref);
      byLabels.remove(s.labels());
    }
    postings.delete(emptied);
  }

  /** Removes these series from the head (no log record: the caller logs the deletion). */
  public synchronized void forget(List<Long> refs) {
    Set<Long> gone = new HashSet<>();
    for (long ref : refs) {
      MemSeries s = byRef.remove(ref);
      if (s != null) {
        byLabels.remove(s.labels());
        gone.add(ref);
      }
    }
    postings.delete(gone);
  }

  /** The refs of the series matching every matcher. */
  public List<Long> matching(io.pipescope.store.LabelMatcher... matchers) {
    io.pipescope.store.internal.index.Postings p =
        io.pipescope.store.internal.index.PostingsForMatchers.select(postings, matchers);
    List<Long> refs = new ArrayList<>();
    while (p.next()) {
      refs.add(p.at());
    }
    return refs;
  }

  /** Samples older than this belong to a block and are refused as too old. */
  public long minValidTime() {
    return minValidTime;
  }

  /** Set before replay when blocks already hold everything before {@code t}. */
  public void setMinValidTime(long t) {
    minValidTime = Math.max(minValidTime, t);
  }

  /** [oldest, newest] sample time in the head, or null when it is empty. */
  public long[] timeRange() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (MemSeries s : byLabels.values()) {
      min = Math.min(min, s.minTime());
      max = Math.max(max, s.maxTime());
    }
    return min == Long.MAX_VALUE ? null : new long[] {min, max};
  }

  /** Every live series, for a checkpoint. */
  public List<RefSeries> liveSeries() {
    List<RefSeries> out = new ArrayList<>();
    for (MemSeries s : byLabels.values()) {
      out.add(new RefSeries(s.ref(), s.labels()));
    }
    return out;
  }

  /** A series' newest sample. */
  public interface LatestSample {
    void accept(Labels labels, long timestampMillis, double value);
  }

  /** Each series' newest sample, in no particular order: what a restart continues from. */
  public void forEachLatest(LatestSample consumer) {
    for (MemSeries s : byLabels.values()) {
      long t = s.maxTime();
      if (t != Long.MIN_VALUE) {
        consumer.accept(s.labels(), t, s.lastValue());
      }
    }
  }

  /** Bytes of every chunk in the head: divided by {@link #numSamples()}, the compression achieved. */
  public long chunkBytes() {
    long total = 0;
    for (MemSeries s : byLabels.values()) {
      total += s.chunkBytes();
    }
    return total;
  }
}
