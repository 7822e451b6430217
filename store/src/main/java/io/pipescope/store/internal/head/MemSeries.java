package io.pipescope.store.internal.head;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.internal.block.EncodedChunk;
import io.pipescope.store.internal.chunk.RangeChunksIterator;
import io.pipescope.store.internal.chunk.XorAppender;
import io.pipescope.store.internal.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * One series in the head: its labels and its samples in XOR chunks, the last one open for appends.
 * A chunk is cut at {@link #SAMPLES_PER_CHUNK} samples, Prometheus's target, which keeps both the
 * compression and the cost of decoding a chunk to reach one sample in balance. Appends and chunk
 * list changes are guarded by the series' monitor; readers take a snapshot of the chunk list and
 * each chunk iterator sees a prefix of its chunk, so reads never block appends for long.
 */
final class MemSeries {
  static final int SAMPLES_PER_CHUNK = 120;
  /** Chunks never span a multiple of this, so a block cut at such a boundary takes whole chunks. */
  static final long CHUNK_RANGE_MILLIS = 2 * 60 * 60 * 1000L;

  private final long ref;
  private final Labels labels;
  private final List<Chunk> chunks = new ArrayList<>();
  private XorAppender appender;
  private long maxTime = Long.MIN_VALUE;
  private long lastValueBits;
  /** True once a batch that logged this series' labels is durable. */
  private volatile boolean logged;

  /** A chunk and the time span it covers. */
  record Chunk(XorChunk data, long minTime, long[] maxTime) {
    long max() {
      return maxTime[0];
    }
  }

  MemSeries(long ref, Labels labels) {
    this.ref = ref;
    this.labels = labels;
  }

  long ref() {
    return ref;
  }

  Labels labels() {
    return labels;
  }

  boolean logged() {
    return logged;
  }

  void markLogged() {
    logged = true;
  }

  /** The oldest sample's time, or Long.MAX_VALUE when the series holds none. */
  synchronized long minTime() {
    return chunks.isEmpty() ? Long.MAX_VALUE : chunks.get(0).minTime();
  }

  /** The newest sample's value (meaningful when {@link #maxTime()} is not Long.MIN_VALUE). */
  synchronized double lastValue() {
    return Double.longBitsToDouble(lastValueBits);
  }

  synchronized long maxTime() {
    return maxTime;
  }

  /**
   * Checks a sample against what the series holds (and {@code pendingMaxTime}, the newest sample
   * of this series earlier in the same batch). A sample equal in time and value to the newest is a
   * harmless duplicate and returns false; one with the same time and another value is refused.
   */
  synchronized boolean accepts(long t, double v, long pendingMaxTime, long pendingLastBits)
      throws SampleRejectedException {
    long newest = Math.max(maxTime, pendingMaxTime);
    if (t > newest) {
      return true;
    }
    long bits = pendingMaxTime >= maxTime ? pendingLastBits : lastValueBits;
    if (t == newest) {
      if (Double.doubleToRawLongBits(v) == bits) {
        return false;
      }
      throw new SampleRejectedException(SampleRejectedException.Reason.DUPLICATE_TIMESTAMP,
          "sample at " + t + " for " + labels + " has another value than the one already stored there");
    }
    throw new SampleRejectedException(SampleRejectedException.Reason.OUT_OF_ORDER,
        "sample at " + t + " for " + labels + " is older than the newest sample, at " + newest);
  }

  /** Appends a sample the caller checked with {@link #accepts}; older ones are dropped here too. */
  synchronized void append(long t, double v) {
    if (t <= maxTime) {
      return;
    }
    if (appender == null || currentChunk().data().numSamples() >= SAMPLES_PER_CHUNK
        || Math.floorDiv(t, CHUNK_RANGE_MILLIS) != Math.floorDiv(currentChunk().minTime(), CHUNK_RANGE_MILLIS)) {
      XorChunk chunk = new XorChunk();
      chunks.add(new Chunk(chunk, t, new long[] {t}));
      appender = chunk.appender();
    }
    appender.append(t, v);
    currentChunk().maxTime()[0] = t;
    maxTime = t;
    lastValueBits = Double.doubleToRawLongBits(v);
  }

  private Chunk currentChunk() {
    return chunks.get(chunks.size() - 1);
  }

  /** The chunks wholly in [mint, maxtExclusive), encoded, oldest first. */
  synchronized List<EncodedChunk> encodedChunks(long mint, long maxtExclusive) {
    List<EncodedChunk> out = new ArrayList<>();
    for (Chunk c : chunks) {
      if (c.minTime() >= mint && c.max() < maxtExclusive) {
        out.add(new EncodedChunk(c.minTime(), c.max(), c.data().bytes()));
      }
    }
    return out;
  }

  /** Drops the chunks that end before {@code t}; returns whether the series is now empty. */
  synchronized boolean dropChunksBefore(long t) {
    chunks.removeIf(c -> c.max() < t);
    if (chunks.isEmpty()) {
      appender = null;
      return true;
    }
    return false;
  }

  /** Bytes of all this series' chunks. */
  synchronized long chunkBytes() {
    long total = 0;
    for (Chunk c : chunks) {
      total += c.data().encodedSize();
    }
    return total;
  }

  /** Whether any sample may lie in [mint, maxt]. */
  synchronized boolean overlaps(long mint, long maxt) {
    return !chunks.isEmpty() && chunks.get(0).minTime() <= maxt && maxTime >= mint;
  }

  /** Samples with {@code mint <= t <= maxt}, as of now. */
  SampleIterator iterator(long mint, long maxt) {
    List<XorChunk> snapshot = new ArrayList<>();
    List<Long> maxTimes = new ArrayList<>();
    synchronized (this) {
      for (Chunk c : chunks) {
        if (c.minTime() <= maxt && c.max() >= mint) {
          snapshot.add(c.data());
          maxTimes.add(c.max());
        }
      }
    }
    return new RangeChunksIterator(new RangeChunksIterator.ChunkSequence() {
      @Override
      public long maxTime(int chunk) {
        return maxTimes.get(chunk);
      }

      @Override
      public XorChunk open(int chunk) {
        return snapshot.get(chunk);
      }
    }, 0, snapshot.size(), mint, maxt);
  }
}
