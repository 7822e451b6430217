package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;
import static io.pipescope.store.internal.wal.WalFixtures.HUNDRED_BYTE_FRAGMENT;
import static io.pipescope.store.internal.wal.WalFixtures.assertRecordsEqual;
import static io.pipescope.store.internal.wal.WalFixtures.readAll;
import static io.pipescope.store.internal.wal.WalFixtures.record;
import static io.pipescope.store.internal.wal.WalFixtures.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRecoveryTest {
  /** 32 records of 1000 bytes fill a page up to here; the last record starts here and crosses into page 2. */
  private static final int LAST_RECORD_START = 32 * 1007;

  @TempDir Path dir;

  private final Logger walLogger = Logger.getLogger(WriteAheadLog.class.getName());
  private final List<String> warnings = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          warnings.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureWarnings() {
    walLogger.addHandler(capture);
    walLogger.setUseParentHandlers(false);
  }

  @AfterEach
  void releaseWarnings() {
    walLogger.removeHandler(capture);
    walLogger.setUseParentHandlers(true);
  }

  @Test
  void aTornTailAtEveryByteOfTheLastRecordIsCutAndAppendingContinues() throws IOException {
    Path template = dir.resolve("template");
    // The last record's first fragment ends the page, its last fragment begins the next.
    List<byte[]> records = writeThirtyTwoRecordsAndOneAcrossThePage(template, 700);
    byte[] segmentBytes = Files.readAllBytes(segment(template, 0));
    assertEquals(PAGE_SIZE + 7 + (700 - (PAGE_SIZE - LAST_RECORD_START - 7)), segmentBytes.length);
    List<byte[]> kept = records.subList(0, 32);
    byte[] appended = record(99, 200);

    for (int length = LAST_RECORD_START + 1; length < segmentBytes.length; length++) {
      Path torn = dir.resolve("torn");
      WalFixtures.copyTruncated(segmentBytes, length, torn, SegmentFile.name(0));
      warnings.clear();

      try (WriteAheadLog wal = WriteAheadLog.open(torn, WalFixtures.options().withFsyncPolicy(FsyncPolicy.NEVER))) {
        wal.log(appended);
      }

      List<byte[]> expected = new ArrayList<>(kept);
      expected.add(appended);
      assertRecordsEqual(expected, readAll(torn));
      assertEquals(1, warnings.size(), "one warning for a tail torn at " + length);
      String dropped = "dropped " + (length - LAST_RECORD_START) + " bytes, from offset " + LAST_RECORD_START;
      assertTrue(warnings.get(0).contains(dropped), warnings.get(0) + " should say " + dropped);
      Files.delete(segment(torn, 0));
    }
  }

  @Test
  void aLastRecordOfManyPagesTornAnywhereIsCut() throws IOException {
    Path template = dir.resolve("template");
    int recordLength = 5 * PAGE_SIZE;
    List<byte[]> records = writeThirtyTwoRecordsAndOneAcrossThePage(template, recordLength);
    byte[] segmentBytes = Files.readAllBytes(segment(template, 0));
    TreeSet<Integer> cuts = new TreeSet<>(List.of(LAST_RECORD_START + 1, LAST_RECORD_START + 7, segmentBytes.length - 1));
    for (int page = 1; page * PAGE_SIZE < segmentBytes.length; page++) {
      for (int delta : new int[] {-1, 0, 1, 6, 7, 8, PAGE_SIZE / 2}) {
        cuts.add(page * PAGE_SIZE + delta);
      }
    }
    cuts.removeIf(cut -> cut <= LAST_RECORD_START || cut >= segmentBytes.length);

    for (int length : cuts) {
      Path torn = dir.resolve("torn-" + length);
      WalFixtures.copyTruncated(segmentBytes, length, torn, SegmentFile.name(0));

      WriteAheadLog.open(torn, WalFixtures.options()).close();

      assertRecordsEqual(records.subList(0, 32), readAll(torn));
      assertEquals(LAST_RECORD_START, Files.size(segment(torn, 0)), "segment size after a cut at " + length);
    }
  }

  @Test
  void zerosWhereTheLastRecordWasDueAreATornTail() throws IOException {
    List<byte[]> records = writeThirtyTwoRecordsAndOneAcrossThePage(dir, 1500);
    Path file = segment(dir, 0);
    long size = Files.size(file);
    // As after a crash that extended the file but never wrote the data: the length is there, the bytes are zeros.
    WalFixtures.zero(file, LAST_RECORD_START + 100, size);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size + 4096);
    }

    WriteAheadLog.open(dir, WalFixtures.options()).close();

    assertRecordsEqual(records.subList(0, 32), readAll(dir));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("checksum mismatch in a first fragment"), warnings.get(0));
  }

  @Test
  void aTornTailOfTheLastOfSeveralSegmentsIsCut() throws IOException {
    WalOptions onePage = WalFixtures.options().withSegmentBytes(PAGE_SIZE);
    List<byte[]> records = WalFixtures.writeLog(dir, onePage, 800, HUNDRED_BYTE_FRAGMENT);
    Path last = segment(dir, 2);
    long lastSize = Files.size(last);
    try (RandomAccessFile raf = new RandomAccessFile(last.toFile(), "rw")) {
      raf.setLength(lastSize - 50);
    }

    WriteAheadLog.open(dir, onePage).close();

    assertRecordsEqual(records.subList(0, 799), readAll(dir));
    assertEquals(lastSize - 100, Files.size(last));
  }

  @Test
  void aFlippedByteInAnOlderSegmentFailsOpenNamingFileAndOffset() throws IOException {
    WalOptions onePage = WalFixtures.options().withSegmentBytes(PAGE_SIZE);
    WalFixtures.writeLog(dir, onePage, 800, HUNDRED_BYTE_FRAGMENT);
    Path damaged = segment(dir, 0);
    WalFixtures.flipByte(damaged, 1050);
    byte[] before = Files.readAllBytes(damaged);

    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> WriteAheadLog.open(dir, onePage));

    assertEquals(damaged, e.segment());
    assertEquals(1000, e.offset());
    assertTrue(
        e.getMessage().startsWith("WAL segment " + damaged + " is damaged at byte offset 1000: checksum mismatch"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("it is not in the last segment, where a crash can tear a write, so the log was left untouched"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(damaged));
    assertEquals(3, SegmentFile.list(dir).size());
  }

  @Test
  void aFlippedByteInTheLastSegmentFollowedByRecordsFailsOpenAndChangesNothing() throws IOException {
    WalFixtures.writeLog(dir, WalFixtures.options(), 50, HUNDRED_BYTE_FRAGMENT);
    Path file = segment(dir, 0);
    WalFixtures.flipByte(file, 2050);
    byte[] before = Files.readAllBytes(file);

    WalCorruptionException e =
        assertThrows(WalCorruptionException.class, () -> WriteAheadLog.open(dir, WalFixtures.options()));

    assertEquals(file, e.segment());
    assertEquals(2000, e.offset());
    assertTrue(
        e.getMessage().endsWith("an intact fragment follows at offset 2100, so this is not a torn tail and the log was left untouched"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertTrue(warnings.isEmpty(), "nothing was repaired, so nothing should be reported as repaired");
  }

  @Test
  void aDamagedLengthInTheLastSegmentStillFindsTheRecordsAfterIt() throws IOException {
    WalFixtures.writeLog(dir, WalFixtures.options(), 50, HUNDRED_BYTE_FRAGMENT);
    Path file = segment(dir, 0);
    // The header now claims 93 + 256 bytes, pointing past the next fragment's start.
    WalFixtures.setByte(file, 2001, 1);
    byte[] before = Files.readAllBytes(file);

    WalCorruptionException e =
        assertThrows(WalCorruptionException.class, () -> WriteAheadLog.open(dir, WalFixtures.options()));

    assertEquals(2000, e.offset());
    assertTrue(e.getMessage().contains("an intact fragment follows at offset 2100"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void zerosInTheMiddleOfTheLastSegmentFailOpen() throws IOException {
    WalFixtures.writeLog(dir, WalFixtures.options(), 50, HUNDRED_BYTE_FRAGMENT);
    Path file = segment(dir, 0);
    WalFixtures.zero(file, 2000, 2300);

    WalCorruptionException e =
        assertThrows(WalCorruptionException.class, () -> WriteAheadLog.open(dir, WalFixtures.options()));

    assertEquals(2000, e.offset());
    assertTrue(e.getMessage().contains("zeros where a fragment header should begin"), e.getMessage());
    assertTrue(e.getMessage().contains("an intact fragment follows at offset 2300"), e.getMessage());
  }

  @Test
  void aMissingSegmentFailsOpenNamingTheGap() throws IOException {
    WalOptions onePage = WalFixtures.options().withSegmentBytes(PAGE_SIZE);
    WalFixtures.writeLog(dir, onePage, 800, HUNDRED_BYTE_FRAGMENT);
    Files.delete(segment(dir, 1));

    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> WriteAheadLog.open(dir, onePage));

    assertEquals(segment(dir, 2), e.segment());
    assertTrue(e.getMessage().endsWith("segment 00000001 before it is missing, so the log has a gap"), e.getMessage());
  }

  /** 32 records of 1000 bytes, then one of {@code lastLength} that starts at {@link #LAST_RECORD_START}. */
  private static List<byte[]> writeThirtyTwoRecordsAndOneAcrossThePage(Path dir, int lastLength) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalFixtures.options().withFsyncPolicy(FsyncPolicy.NEVER))) {
      for (int i = 0; i < 32; i++) {
        records.add(record(i, 1000));
        wal.log(records.get(i));
      }
      records.add(record(32, lastLength));
      wal.log(records.get(32));
    }
    return records;
  }
}
