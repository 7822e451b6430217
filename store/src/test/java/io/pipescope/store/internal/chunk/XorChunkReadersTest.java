package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The single-writer, many-readers contract: a reader sees the prefix committed when it began. */
class XorChunkReadersTest {

  @Test
  void anIteratorSeesOnlyTheSamplesCommittedWhenItWasCreated() {
    // Enough samples after the snapshot to grow the array several times past its first 128 bytes.
    SyntheticSeries series = SyntheticSeries.Shape.NOISY_GAUGE.generate(3, 500);
    XorChunk chunk = new XorChunk();
    series.appendTo(chunk.appender(), 0, 7);

    SampleIterator early = chunk.iterator();
    series.appendTo(chunk.appender(), 7, series.size());

    series.assertIteratesFirst(7, early);
  }

  @Test
  void aHalfReadIteratorKeepsReadingItsPrefixWhileTheChunkGrows() {
    SyntheticSeries series = SyntheticSeries.Shape.IRREGULAR_WITH_SPECIAL_VALUES.generate(4, 400);
    XorChunk chunk = new XorChunk();
    series.appendTo(chunk.appender(), 0, 50);
    SampleIterator it = chunk.iterator();
    for (int i = 0; i < 25; i++) {
      assertTrue(it.next());
    }

    series.appendTo(chunk.appender(), 50, series.size());

    assertEquals(series.timestamps()[24], it.timestamp());
    int rest = 0;
    while (it.next()) {
      assertEquals(series.timestamps()[25 + rest], it.timestamp());
      rest++;
    }
    assertEquals(25, rest);
  }

  @Test
  void bytesTakenEarlierAreNotChangedByLaterAppends() {
    SyntheticSeries series = SyntheticSeries.Shape.JITTERED_COUNTER.generate(5, 300);
    XorChunk chunk = new XorChunk();
    series.appendTo(chunk.appender(), 0, 11);
    byte[] early = chunk.bytes();
    byte[] copy = early.clone();

    series.appendTo(chunk.appender(), 11, series.size());

    assertArrayEquals(copy, early);
    XorChunk prefixOnly = new XorChunk();
    series.appendTo(prefixOnly.appender(), 0, 11);
    assertArrayEquals(prefixOnly.bytes(), early);
  }

  @Test
  void concurrentReadersAlwaysSeeAConsistentPrefix() throws Exception {
    SyntheticSeries series = SyntheticSeries.Shape.IRREGULAR_WITH_SPECIAL_VALUES.generate(6, 20_000);
    XorChunk chunk = new XorChunk();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> snapshotsChecked = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        boolean viaBytes = r == 0;
        snapshotsChecked.add(readers.submit(() -> readUntilWritten(series, chunk, writing, viaBytes)));
      }
      XorAppender appender = chunk.appender();
      for (int i = 0; i < series.size(); i++) {
        appender.append(series.timestamps()[i], series.values()[i]);
      }
      writing.set(false);
      for (Future<Integer> checked : snapshotsChecked) {
        assertTrue(checked.get(1, TimeUnit.MINUTES) > 0);
      }
    } finally {
      readers.shutdownNow();
    }
  }

  /** Checks snapshots until the writer is done; returns how many it checked. */
  private static int readUntilWritten(
      SyntheticSeries series, XorChunk chunk, AtomicBoolean writing, boolean viaBytes) {
    int checked = 0;
    int lastCount = 0;
    boolean lastRound;
    do {
      lastRound = !writing.get();
      int countBefore = chunk.numSamples();
      XorChunk snapshot = viaBytes ? XorChunk.wrap(chunk.bytes()) : chunk;
      SampleIterator it = snapshot.iterator();
      int count = 0;
      while (it.next()) {
        assertEquals(series.timestamps()[count], it.timestamp());
        assertEquals(Double.doubleToRawLongBits(series.values()[count]), Double.doubleToRawLongBits(it.value()));
        count++;
      }
      assertTrue(count >= countBefore && count >= lastCount, "a reader saw the chunk shrink");
      lastCount = count;
      checked++;
    } while (!lastRound);
    assertEquals(series.size(), lastCount);
    return checked;
  }
}
