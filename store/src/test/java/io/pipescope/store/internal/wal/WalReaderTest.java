package io.pipescope.store.internal.wal;

import static io.pipescope.store.internal.wal.FragmentFormat.PAGE_SIZE;
import static io.pipescope.store.internal.wal.WalFixtures.HUNDRED_BYTE_FRAGMENT;
import static io.pipescope.store.internal.wal.WalFixtures.record;
import static io.pipescope.store.internal.wal.WalFixtures.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of damage stops the reader with the segment file, the offset and what was wrong. */
class WalReaderTest {
  @TempDir Path dir;
  private Path file;

  /** 50 records, each one 100-byte fragment: record i is at offset 100 * i. */
  @BeforeEach
  void writeFiftyRecords() throws IOException {
    WalFixtures.writeLog(dir, WalFixtures.options(), 50, HUNDRED_BYTE_FRAGMENT);
    file = segment(dir, 0);
  }

  @Test
  void anIntactLogIsReadToItsEnd() throws IOException {
    try (WalReader reader = WalReader.open(dir)) {
      int count = 0;
      while (reader.next()) {
        count++;
      }
      assertEquals(50, count);
      assertEquals(0, reader.segment());
      assertEquals(5000, reader.offset());
      assertFalse(reader.next());
    }
  }

  @Test
  void aChecksumMismatchIsReported() throws IOException {
    WalFixtures.flipByte(file, 1050);

    assertDamage(1000, "checksum mismatch in a full fragment of 93 bytes (stored ");
  }

  @Test
  void anUnknownFragmentTypeIsReported() throws IOException {
    WalFixtures.setByte(file, 1000, 0x09);

    assertDamage(1000, "invalid fragment type 0x09 (1 to 4 are full, first, middle, last)");
  }

  @Test
  void aMiddleFragmentWithoutAFirstIsReported() throws IOException {
    WalFixtures.setByte(file, 1000, FragmentType.MIDDLE.code());

    assertDamage(1000, "a middle fragment with no first fragment before it");
  }

  @Test
  void aNewRecordBeforeThePreviousEndedIsReported() throws IOException {
    WalFixtures.setByte(file, 1000, FragmentType.FIRST.code());

    assertDamage(1100, "a full fragment where the record that begins at offset 1000 should continue");
  }

  @Test
  void aFragmentLongerThanTheRestOfItsPageIsReported() throws IOException {
    WalFixtures.setByte(file, 1001, 0xff);
    WalFixtures.setByte(file, 1002, 0xff);

    assertDamage(1000, "a full fragment claims 65535 bytes but only " + (PAGE_SIZE - 1007) + " fit in the rest of its page");
  }

  @Test
  void zerosWhereAHeaderShouldBeginAreReported() throws IOException {
    WalFixtures.zero(file, 1000, 1100);

    assertDamage(1000, "zeros where a fragment header should begin (padding fills only the last 6 or fewer bytes of a page)");
  }

  @Test
  void aSegmentEndingInsideAFragmentIsReported() throws IOException {
    truncate(1050);

    assertDamage(1000, "the segment ends inside a full fragment: 43 of its 93 bytes are present");
  }

  @Test
  void aSegmentEndingInsideAFragmentHeaderIsReported() throws IOException {
    truncate(1003);

    assertDamage(1000, "the segment ends inside a fragment header");
  }

  @Test
  void aNonZeroByteInPagePaddingIsReported() throws IOException {
    // 327 hundred-byte fragments end at 32700; a 56-byte record ends at 32763, leaving 5 bytes of padding.
    Path padded = dir.resolve("padded");
    try (WriteAheadLog wal = WriteAheadLog.open(padded, WalFixtures.options())) {
      for (int i = 0; i < 327; i++) {
        wal.log(record(i, HUNDRED_BYTE_FRAGMENT));
      }
      wal.log(record(327, 56), record(328, 10));
    }
    file = segment(padded, 0);
    WalFixtures.setByte(file, 32765, 1);

    assertDamage(padded, 32765, "a non-zero byte in the zero padding at the end of a page");
  }

  @Test
  void aSegmentEndingInsideARecordOfSeveralFragmentsIsReported() throws IOException {
    // Record 327 does not fit the 68 bytes left in the first page: its first fragment ends the page.
    Path split = dir.resolve("split");
    WalFixtures.writeLog(split, WalFixtures.options(), 400, HUNDRED_BYTE_FRAGMENT);
    file = segment(split, 0);
    truncate(PAGE_SIZE);

    assertDamage(split, PAGE_SIZE, "the segment ends inside the record that begins at offset 32700");
  }

  private void assertDamage(long offset, String problem) {
    assertDamage(dir, offset, problem);
  }

  private void assertDamage(Path logDir, long offset, String problem) {
    WalCorruptionException e =
        assertThrows(
            WalCorruptionException.class,
            () -> {
              try (WalReader reader = WalReader.open(logDir)) {
                while (reader.next()) {
                  // Read until the damage.
                }
              }
            });
    assertEquals(file, e.segment());
    assertEquals(offset, e.offset());
    assertTrue(e.problem().startsWith(problem), "problem was: " + e.problem());
    assertTrue(
        e.getMessage().startsWith("WAL segment " + file + " is damaged at byte offset " + offset + ": " + problem),
        e.getMessage());
  }

  private void truncate(long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
    }
    assertEquals(length, Files.size(file));
  }
}
