package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import static io.pipescope.store.internal.wal.FragmentFormat.HEADER_SIZE;
import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;
import static io.pipescope.store.internal.wal.WalFixtures.assertRecordsEqual;
import static io.pipescope.store.internal.wal.WalFixtures.readAll;
import static io.pipescope.store.internal.wal.WalFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  @Test
  void recordsOfEverySizeAroundThePageRoundTripInOrder() throws IOException {
    int[] sizes = {
      0, 1, 100, PAGE_SIZE - HEADER_SIZE - 1, PAGE_SIZE - HEADER_SIZE, PAGE_SIZE - HEADER_SIZE + 1,
      PAGE_SIZE, 3 * PAGE_SIZE + 5, 10 * PAGE_SIZE, 0, 7, 2
    };
    List<byte[]> expected = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      for (int round = 0; round < 3; round++) {
        for (int size : sizes) {
          byte[] record = record(expected.size(), size);
          wal.log(record);
          expected.add(record);
        }
        // And the same sizes as one batch.
        byte[][] batch = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
          batch[i] = record(expected.size(), sizes[i]);
          expected.add(batch[i]);
        }
        wal.log(batch);
      }
    }

    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void aRecordStartingWhereOnlyAHeaderFitsInThePageReadsBack() throws IOException {
    // The first record leaves exactly one header's room in the page: the next record must start on
    // the next page, not as a zero-length first fragment (found by the store's load tool at 37 MB).
    List<byte[]> expected = List.of(record(0, PAGE_SIZE - 2 * HEADER_SIZE), record(1, 100), record(2, PAGE_SIZE));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      for (byte[] r : expected) {
        wal.log(r);
      }
    }
    try (WriteAheadLog reopened = WriteAheadLog.open(dir, WalFixtures.options())) {
      assertEquals(0, reopened.currentSegment());
    }
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void fullSegmentsRollOverAndNoRecordCrossesASegment() throws IOException {
    WalOptions twoPages = WalFixtures.options().withSegmentBytes(2 * PAGE_SIZE);

    List<byte[]> expected = WalFixtures.writeLog(dir, twoPages, 100, 5000);

    List<SegmentFile> segments = SegmentFile.list(dir);
    assertTrue(segments.size() >= 8, "500 KB in 64 KiB segments needs at least 8 of them, got " + segments.size());
    List<byte[]> perSegment = new ArrayList<>();
    for (SegmentFile segment : segments) {
      assertTrue(Files.size(segment.path()) <= 2 * PAGE_SIZE, segment + " is larger than the segment size");
      // Read alone, a segment holding part of a record would end inside it.
      try (WalReader reader = new WalReader(List.of(segment))) {
        while (reader.next()) {
          perSegment.add(reader.record());
        }
      }
    }
    assertRecordsEqual(expected, perSegment);
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void aRecordLargerThanASegmentGetsAFreshSegmentToItself() throws IOException {
    WalOptions onePage = WalFixtures.options().withSegmentBytes(PAGE_SIZE);
    List<byte[]> expected = List.of(record(1, 10), record(2, 3 * PAGE_SIZE), record(3, 10));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, onePage)) {
      for (byte[] record : expected) {
        wal.log(record);
      }
    }

    List<SegmentFile> segments = SegmentFile.list(dir);
    assertEquals(3, segments.size());
    assertTrue(Files.size(segments.get(1).path()) > PAGE_SIZE);
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void reopeningAppendsAfterTheLastRecordOfTheLastSegment() throws IOException {
    List<byte[]> expected = new ArrayList<>(WalFixtures.writeLog(dir, WalFixtures.options(), 10, 300));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      // Enough to cross the page the first run left half full: fragments must still end at its boundary.
      for (int i = 10; i < 13; i++) {
        byte[] more = record(i, 20_000);
        wal.log(more);
        expected.add(more);
      }
    }

    assertEquals(1, SegmentFile.list(dir).size());
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void segmentsAreNamedWithEightDigitsAndListedOldestFirst() throws IOException {
    WalFixtures.writeLog(dir, WalFixtures.options().withSegmentBytes(PAGE_SIZE), 3, PAGE_SIZE / 2);

    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      List<SegmentFile> segments = wal.segments();
      assertEquals(List.of("00000000", "00000001", "00000002"),
          segments.stream().map(s -> s.path().getFileName().toString()).toList());
      assertEquals(2, wal.currentSegment());
    }
  }

  @Test
  void truncateBeforeDeletesOnlyOlderSegments() throws IOException {
    WalOptions onePage = WalFixtures.options().withSegmentBytes(PAGE_SIZE);
    List<byte[]> written = WalFixtures.writeLog(dir, onePage, 5, PAGE_SIZE / 2);

    try (WriteAheadLog wal = WriteAheadLog.open(dir, onePage)) {
      wal.truncateBefore(3);

      assertEquals(List.of(3, 4), wal.segments().stream().map(SegmentFile::index).toList());
    }
    assertRecordsEqual(written.subList(3, 5), readAll(dir));
  }

  @Test
  void truncateBeforeRefusesToDeleteTheSegmentBeingWritten() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      wal.log(record(1, 10));

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wal.truncateBefore(1));
      assertEquals(
          "cannot delete the WAL segments before 00000001: segment 00000000 is still being written", e.getMessage());
      assertEquals(1, wal.segments().size());
    }
  }

  @Test
  void alwaysSyncsOnceForEachBatchOfASingleCaller() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      for (int i = 0; i < 5; i++) {
        wal.log(record(i, 50), record(i + 100, 50));
      }

      assertEquals(5, wal.fsyncCount());
    }
  }

  @Test
  void intervalPolicyWritesBeforeReturningAndSyncsInTheBackground() throws Exception {
    WalOptions interval =
        WalFixtures.options().withFsyncPolicy(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofMillis(10));
    List<byte[]> expected = List.of(record(1, 100), record(2, 40_000));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, interval)) {
      wal.log(expected.toArray(new byte[0][]));

      // Written to the file when log() returns, even though no sync has necessarily happened yet.
      assertRecordsEqual(expected, readAll(dir));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (wal.fsyncCount() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(wal.fsyncCount() > 0, "the background flusher never synced");
    }
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void neverPolicyWritesBeforeReturningWithoutSyncing() throws IOException {
    List<byte[]> expected = List.of(record(1, 100), record(2, 40_000), record(3, 0));
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options().withFsyncPolicy(FsyncPolicy.NEVER))) {
      for (byte[] record : expected) {
        wal.log(record);
      }

      assertRecordsEqual(expected, readAll(dir));
      assertEquals(0, wal.fsyncCount());
    }
    assertRecordsEqual(expected, readAll(dir));
  }

  @Test
  void encodedSeriesAndSamplesReplayFromTheLog() throws IOException {
    RefSeries series = new RefSeries(1, Labels.of("__name__", "up", "job", "api"));
    RefSample sample = new RefSample(1, 1_700_000_000_000L, 1.0);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      wal.log(WalRecords.encodeSeries(List.of(series)), WalRecords.encodeSamples(List.of(sample)));
    }

    List<byte[]> records = readAll(dir);

    assertEquals(List.of(series), WalRecords.decodeSeries(records.get(0)));
    assertEquals(List.of(sample), WalRecords.decodeSamples(records.get(1)));
  }

  @Test
  void loggingAfterCloseFailsAndNamesTheDirectory() throws IOException {
    WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options());
    wal.close();
    wal.close(); // A second close does nothing.

    IOException e = assertThrows(IOException.class, () -> wal.log(record(1, 10)));
    assertEquals("the write-ahead log in " + dir + " is closed", e.getMessage());
  }

  @Test
  void aNullRecordIsRejectedAndTheLogGoesOn() throws IOException {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options())) {
      assertThrows(NullPointerException.class, () -> wal.log(record(1, 10), null));
      wal.log(record(2, 10));
    }

    assertRecordsEqual(List.of(record(2, 10)), readAll(dir));
  }
}
