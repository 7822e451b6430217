package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;

/**
 * A block's index as read into memory: series by id (ids follow label order), the time range and
 * reference of each of their chunks, and the postings. Chunk metadata sits in flat arrays, indexed
 * by a chunk number that runs across all series, so a million chunks cost three long arrays rather
 * than a million objects.
 */
final class BlockIndex {
  private final Labels[] labels;
  /** Series {@code id} has chunks {@code [firstChunk[id], firstChunk[id + 1])}. */
  private final int[] firstChunk;
  private final long[] chunkMinTime;
  private final long[] chunkMaxTime;
  private final long[] chunkRef;
  private final BlockPostings postings;

  BlockIndex(Labels[] labels, int[] firstChunk, long[] chunkMinTime, long[] chunkMaxTime, long[] chunkRef,
      BlockPostings postings) {
    this.labels = labels;
    this.firstChunk = firstChunk;
    this.chunkMinTime = chunkMinTime;
    this.chunkMaxTime = chunkMaxTime;
    this.chunkRef = chunkRef;
    this.postings = postings;
  }

  int numSeries() {
    return labels.length;
  }

  int numChunks() {
    return chunkRef.length;
  }

  Labels labels(int id) {
    return labels[id];
  }

  int firstChunk(int id) {
    return firstChunk[id];
  }

  /** One past the last chunk of series {@code id}. */
  int endChunk(int id) {
    return firstChunk[id + 1];
  }

  long chunkMinTime(int chunk) {
    return chunkMinTime[chunk];
  }

  long chunkMaxTime(int chunk) {
    return chunkMaxTime[chunk];
  }

  long chunkRef(int chunk) {
    return chunkRef[chunk];
  }

  BlockPostings postings() {
    return postings;
  }
}
