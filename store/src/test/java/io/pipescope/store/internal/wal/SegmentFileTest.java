package io.pipescope.store.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {
  @TempDir Path dir;

  @Test
  void namesAreZeroPaddedToEightDigits() {
    assertEquals("00000000", SegmentFile.name(0));
    assertEquals("00000042", SegmentFile.name(42));
    assertEquals("123456789", SegmentFile.name(123_456_789));
  }

  @Test
  void listingSortsSegmentsAndIgnoresOtherFiles() throws IOException {
    Files.createFile(dir.resolve("00000011"));
    Files.createFile(dir.resolve("00000010"));
    Files.createFile(dir.resolve("00000010.repair"));
    Files.createFile(dir.resolve("lock"));
    Files.createDirectory(dir.resolve("00000009"));

    List<SegmentFile> segments = SegmentFile.list(dir);

    assertEquals(
        List.of(new SegmentFile(10, dir.resolve("00000010")), new SegmentFile(11, dir.resolve("00000011"))), segments);
  }

  @Test
  void aGapBetweenSegmentsIsDamageNamingTheSegmentAfterIt() throws IOException {
    Files.createFile(dir.resolve("00000001"));
    Files.createFile(dir.resolve("00000003"));

    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> SegmentFile.list(dir));

    assertEquals(dir.resolve("00000003"), e.segment());
    assertEquals(0, e.offset());
    assertEquals("segment 00000002 before it is missing, so the log has a gap", e.problem());
  }
}
