package io.pipescope.store.traces;

import java.util.ArrayList;
import java.util.List;

/** Everything the index knows of one trace: where its records are and a summary of its spans. */
final class TraceEntry {
  final String traceId;
  private final List<TraceChunk> chunks = new ArrayList<>(2);
  private long startNanos = Long.MAX_VALUE;
  private long endNanos = Long.MIN_VALUE;

  TraceEntry(String traceId) {
    this.traceId = traceId;
  }

  synchronized void add(TraceChunk chunk) {
    chunks.add(chunk);
    for (SpanInfo s : chunk.spans()) {
      startNanos = Math.min(startNanos, s.startNanos());
      endNanos = Math.max(endNanos, s.endNanos());
    }
  }

  /** Drops the chunks in {@code segment}; returns true when none is left. */
  synchronized boolean removeSegment(int segment) {
    if (!chunks.removeIf(c -> c.segment() == segment)) {
      return chunks.isEmpty();
    }
    startNanos = Long.MAX_VALUE;
    endNanos = Long.MIN_VALUE;
    for (TraceChunk c : chunks) {
      for (SpanInfo s : c.spans()) {
        startNanos = Math.min(startNanos, s.startNanos());
        endNanos = Math.max(endNanos, s.endNanos());
      }
    }
    return chunks.isEmpty();
  }

  synchronized List<TraceChunk> chunks() {
    return List.copyOf(chunks);
  }

  synchronized long startNanos() {
    return startNanos;
  }

  synchronized long endNanos() {
    return endNanos;
  }
}
