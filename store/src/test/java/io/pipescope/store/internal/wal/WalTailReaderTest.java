package io.pipescope.store.internal.wal;

import static io.pipescope.store.internal.wal.WalFixtures.assertRecordsEqual;
import static io.pipescope.store.internal.wal.WalFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.WalPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tail reads a log while it is written: across segments, never half a batch, resumable anywhere. */
class WalTailReaderTest {
  /** Two pages a segment, so a few dozen records roll over many times. */
  private static final WalOptions SMALL = WalOptions.defaults().withSegmentBytes(2 * FragmentFormat.PAGE_SIZE);
  private static final long WAIT = TimeUnit.SECONDS.toNanos(30);

  @TempDir Path dir;

  @Test
  void readsEveryRecordInOrderAcrossSegmentBoundariesWhileTheyAreWritten() throws Exception {
    List<byte[]> written = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 400; i++) {
      // From a few bytes to more than a page: records cross pages, and fill segments unevenly.
      written.add(record(i, 1 + random.nextInt(random.nextBoolean() ? 300 : 40_000)));
    }
    List<byte[]> read = new ArrayList<>();
    List<WalPosition> ends = new ArrayList<>();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL);
        WalTailReader tail = WalTailReader.open(wal, WalPosition.START)) {
      Future<?> writing = writer.submit(() -> {
        for (int i = 0; i < written.size(); i += 3) {
          // Batches of up to three records, as concurrent appenders' commits are grouped.
          wal.log(written.subList(i, Math.min(i + 3, written.size())).toArray(new byte[0][]));
        }
        return null;
      });
      while (read.size() < written.size() && tail.next(WAIT)) {
        read.add(tail.record());
        ends.add(tail.recordEnd());
      }
      writing.get();
      assertTrue(wal.currentSegment() > 20, "the log rolled over many times: " + wal.currentSegment());
    } finally {
      writer.shutdownNow();
    }
    assertRecordsEqual(written, read);
    for (int i = 1; i < ends.size(); i++) {
      assertTrue(ends.get(i - 1).isBefore(ends.get(i)), "positions grow: " + ends.get(i - 1) + " then " + ends.get(i));
    }
  }

  @Test
  void aPositionResumesAfterItsRecordAndARecordStartReadsItAgain() throws IOException {
    List<byte[]> written = WalFixtures.writeLog(dir, SMALL, 60, 5_000);
    List<WalPosition> starts = new ArrayList<>();
    List<WalPosition> ends = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL);
        WalTailReader tail = WalTailReader.open(wal, WalPosition.START)) {
      while (tail.next(0)) {
        starts.add(tail.recordStart());
        ends.add(tail.recordEnd());
      }
      assertEquals(60, ends.size());
      for (int k : new int[] {0, 6, 7, 31, 58}) {
        assertEquals(written.subList(k + 1, 60).size(), readFrom(wal, ends.get(k)).size());
        assertRecordsEqual(written.subList(k + 1, 60), readFrom(wal, ends.get(k)));
        assertRecordsEqual(written.subList(k, 60), readFrom(wal, starts.get(k)));
      }
    }
  }

  @Test
  void waitsForTheNextBatchAndReturnsNothingBeforeItIsWritten() throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL);
        WalTailReader tail = WalTailReader.open(wal, wal.readableEnd())) {
      assertFalse(tail.next(0), "an empty log has no record");
      assertFalse(tail.next(TimeUnit.MILLISECONDS.toNanos(20)), "nor after waiting a little");
      Thread later = new Thread(() -> {
        try {
          Thread.sleep(50);
          wal.log(record(1, 10), record(2, 20));
        } catch (IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      later.start();
      assertTrue(tail.next(WAIT), "woken by the batch");
      assertEquals(ByteBuffer.wrap(record(1, 10)), ByteBuffer.wrap(tail.record()));
      assertTrue(tail.next(0), "the whole batch is readable at once");
      assertEquals(ByteBuffer.wrap(record(2, 20)), ByteBuffer.wrap(tail.record()));
      later.join();
    }
  }

  @Test
  void underIntervalSyncOnlySyncedBatchesAreRead() throws Exception {
    WalOptions interval = SMALL.withFsyncPolicy(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofHours(1));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, interval);
        WalTailReader tail = WalTailReader.open(wal, WalPosition.START)) {
      wal.log(record(1, 100));
      assertFalse(tail.next(TimeUnit.MILLISECONDS.toNanos(50)),
          "written but not synced: a crash could still take it back, so it is not read");
      wal.close();
      assertTrue(tail.next(0), "closing synced it");
      assertFalse(tail.next(WAIT), "a closed log ends the tail without waiting");
    }
  }

  @Test
  void segmentsDeletedBeforeTheyWereReadAreSkippedAndCounted() throws IOException {
    List<byte[]> written = WalFixtures.writeLog(dir, SMALL, 60, 5_000);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      int last = wal.currentSegment();
      wal.truncateBefore(3);
      try (WalTailReader tail = WalTailReader.open(wal, new WalPosition(1, 0))) {
        assertTrue(tail.next(0));
        assertEquals(3, tail.recordStart().segment());
        assertEquals(2, tail.segmentsSkipped(), "segments 1 and 2 were gone");
        int read = 1;
        while (tail.next(0)) {
          read++;
        }
        assertTrue(read < written.size() && last >= 3, read + " records from segment 3 on");
      }
    }
  }

  @Test
  void aPositionPastTheEndOfTheLogReadsFromWhereNothingNewIsMissed() throws IOException {
    WalFixtures.writeLog(dir, SMALL, 10, 5_000);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL)) {
      WalPosition end = wal.readableEnd();
      try (WalTailReader pastEndOfSegment = WalTailReader.open(wal, new WalPosition(end.segment(), end.offset() + 999))) {
        wal.log(record(100, 10));
        assertTrue(pastEndOfSegment.next(0), "a record logged after the end is read");
        assertEquals(ByteBuffer.wrap(record(100, 10)), ByteBuffer.wrap(pastEndOfSegment.record()));
      }
      try (WalTailReader pastLastSegment = WalTailReader.open(wal, new WalPosition(end.segment() + 5, 0))) {
        assertTrue(pastLastSegment.next(0));
        assertEquals(ByteBuffer.wrap(record(0, 5_000)), ByteBuffer.wrap(pastLastSegment.record()),
            "a log that is not the one the position was taken in is read from its start");
      }
    }
  }

  private static List<byte[]> readFrom(WriteAheadLog wal, WalPosition from) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (WalTailReader tail = WalTailReader.open(wal, from)) {
      while (tail.next(0)) {
        out.add(tail.record());
      }
    }
    return out;
  }
}
