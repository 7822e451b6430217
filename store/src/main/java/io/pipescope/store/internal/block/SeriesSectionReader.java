package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelsOrder;
import java.util.Arrays;

/**
 * Decodes the index's series section into flat arrays, checking that series come in strictly
 * increasing label order (the querier relies on id order being label order), that labels refer to
 * symbols in name order, and that every chunk lies in the block's range and starts where a chunk
 * starts in the segments.
 */
final class SeriesSectionReader {
  private final String[] symbols;
  private final ChunkSegments chunks;
  private final BlockMeta meta;
  private Labels[] labels = new Labels[0];
  private int[] firstChunk = {0};
  private long[] minTimes = new long[0];
  private long[] maxTimes = new long[0];
  private long[] refs = new long[0];

  SeriesSectionReader(String[] symbols, ChunkSegments chunks, BlockMeta meta) {
    this.symbols = symbols;
    this.chunks = chunks;
    this.meta = meta;
  }

  int count() {
    return labels.length;
  }

  void decode(ByteSource in) throws CorruptBlockException {
    int count = in.readCount("series count");
    labels = new Labels[count];
    firstChunk = new int[count + 1];
    int numChunks = 0;
    for (int id = 0; id < count; id++) {
      int at = in.position();
      labels[id] = labels(in);
      if (id > 0 && LabelsOrder.INSTANCE.compare(labels[id - 1], labels[id]) >= 0) {
        throw in.corruptAt(at, "series " + id + " " + labels[id] + " is not after " + labels[id - 1]
            + " in label order");
      }
      int seriesChunks = in.readCount("chunk count");
      ensureChunkCapacity(numChunks + seriesChunks);
      for (int c = numChunks; c < numChunks + seriesChunks; c++) {
        readChunkMeta(in, c, c == numChunks);
      }
      numChunks += seriesChunks;
      firstChunk[id + 1] = numChunks;
    }
    IndexReader.expectEnd(in);
    minTimes = Arrays.copyOf(minTimes, numChunks);
    maxTimes = Arrays.copyOf(maxTimes, numChunks);
    refs = Arrays.copyOf(refs, numChunks);
  }

  private Labels labels(ByteSource in) throws CorruptBlockException {
    int n = in.readCount("label count");
    String[] names = new String[n];
    String[] values = new String[n];
    int previousName = -1;
    for (int i = 0; i < n; i++) {
      int at = in.position();
      int name = in.readIndex("label name symbol", symbols.length);
      if (name <= previousName) {
        throw in.corruptAt(at, "label name " + symbols[name] + " is not after the previous one");
      }
      previousName = name;
      names[i] = symbols[name];
      values[i] = symbols[in.readIndex("label value symbol", symbols.length)];
    }
    return Labels.of(names, values);
  }

  private void readChunkMeta(ByteSource in, int c, boolean first) throws CorruptBlockException {
    int at = in.position();
    long minTime;
    long ref;
    if (first) {
      minTime = in.readVarint("chunk minTime");
      maxTimes[c] = minTime + in.readUvarint("chunk time span");
      ref = in.readUvarint("chunk reference");
    } else {
      long gap = in.readUvarint("gap after the previous chunk");
      if (gap == 0) {
        throw in.corruptAt(at, "chunk starts at the time the previous chunk ends");
      }
      minTime = maxTimes[c - 1] + gap;
      maxTimes[c] = minTime + in.readUvarint("chunk time span");
      ref = refs[c - 1] + in.readVarint("chunk reference delta");
    }
    if (minTime > maxTimes[c] || !meta.covers(minTime) || !meta.covers(maxTimes[c])) {
      throw in.corruptAt(at, "chunk [" + minTime + ", " + maxTimes[c] + "] lies outside the block's ["
          + meta.minTime() + ", " + meta.maxTime() + ")");
    }
    if (!chunks.isChunkStart(ref)) {
      throw in.corruptAt(at, "chunk reference segment " + ChunkSegmentFormat.segment(ref) + " offset "
          + Integer.toUnsignedString(ChunkSegmentFormat.offset(ref)) + " is not the start of a chunk");
    }
    minTimes[c] = minTime;
    refs[c] = ref;
  }

  private void ensureChunkCapacity(int needed) {
    if (needed > refs.length) {
      int capacity = Math.max(needed, refs.length * 2);
      minTimes = Arrays.copyOf(minTimes, capacity);
      maxTimes = Arrays.copyOf(maxTimes, capacity);
      refs = Arrays.copyOf(refs, capacity);
    }
  }

  BlockIndex toIndex(BlockPostings postings) {
    return new BlockIndex(labels, firstChunk, minTimes, maxTimes, refs, postings);
  }
}
