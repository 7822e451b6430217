package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.internal.block.IndexFormat.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged block fails to open, and the failure names the file, the part of it and the offset. */
class BlockCorruptionTest {
  private static final long MIN_TIME = 0;
  private static final long MAX_TIME = 7_200_000;

  @TempDir
  Path parent;

  private Path dir;

  @BeforeEach
  void writeBlock() throws IOException {
    List<TestSeries> series = TestSeries.random(new Random(5), 12, MIN_TIME, MAX_TIME);
    dir = BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME));
    Block.open(dir).close(); // The undamaged block opens.
  }

  private CorruptBlockException openFails() {
    return assertThrows(CorruptBlockException.class, () -> Block.open(dir).close());
  }

  private static void flip(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= 0x10;
    Files.write(file, bytes);
  }

  private Path index() {
    return dir.resolve(IndexFormat.FILE_NAME);
  }

  private Path segment(int n) {
    return dir.resolve(ChunkSegmentFormat.DIRECTORY).resolve(ChunkSegmentFormat.fileName(n));
  }

  /** The offset of a section, from the index's table of contents. */
  private long sectionOffset(Section section) throws IOException {
    byte[] bytes = Files.readAllBytes(index());
    return ByteBuffer.wrap(bytes).getLong(bytes.length - IndexFormat.TOC_BYTES + 8 * section.ordinal());
  }

  @Test
  void aFlippedByteInEachIndexSectionNamesTheIndexAndTheSection() throws IOException {
    for (Section section : Section.values()) {
      writeBlock();
      long start = sectionOffset(section);
      flip(index(), start + IndexFormat.SECTION_FRAME_BYTES / 2 + 1); // The body's first byte.
      CorruptBlockException e = openFails();
      assertEquals(index(), e.file());
      assertEquals(section.title(), e.section(), e.getMessage());
      assertEquals(start, e.offset(), e.getMessage());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
  }

  @Test
  void aFlippedByteInTheTableOfContentsIsCaughtByItsChecksum() throws IOException {
    long tocStart = Files.size(index()) - IndexFormat.TOC_BYTES;
    flip(index(), tocStart + 3);
    CorruptBlockException e = openFails();
    assertEquals("table of contents", e.section());
    assertEquals(tocStart, e.offset());
  }

  /** A block small enough to damage at every byte in turn: three short series. */
  private void writeTinyBlock() throws IOException {
    List<TestSeries> series = TestSeries.random(new Random(9), 40, MIN_TIME, MAX_TIME).stream()
        .filter(s -> s.times().length < 10).limit(3).toList();
    assertEquals(3, series.size());
    dir = BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME));
  }

  @Test
  void everySingleByteFlipInTheIndexFailsTheOpenNamingTheIndex() throws IOException {
    writeTinyBlock();
    byte[] original = Files.readAllBytes(index());
    for (int offset = 0; offset < original.length; offset++) {
      byte[] damaged = original.clone();
      damaged[offset] ^= (byte) (1 << (offset % 8));
      Files.write(index(), damaged);
      CorruptBlockException e = openFails();
      assertEquals(index(), e.file(), "flip at " + offset + ": " + e.getMessage());
    }
  }

  @Test
  void everySingleByteFlipInAChunkSegmentFailsTheOpenAtOrBeforeIt() throws IOException {
    writeTinyBlock();
    byte[] original = Files.readAllBytes(segment(1));
    for (int offset = 0; offset < original.length; offset++) {
      byte[] damaged = original.clone();
      damaged[offset] ^= (byte) (1 << (offset % 8));
      Files.write(segment(1), damaged);
      CorruptBlockException e = openFails();
      String what = "flip at " + offset + ": " + e.getMessage();
      assertEquals(segment(1), e.file(), what);
      assertTrue(e.offset() <= offset, what);
    }
  }

  @Test
  void aFlippedByteInAChunkNamesTheSegmentAndTheChunksOffset() throws IOException {
    long size = Files.size(segment(1));
    flip(segment(1), size / 2);
    CorruptBlockException e = openFails();
    assertEquals(segment(1), e.file());
    assertEquals("chunk", e.section());
    assertTrue(e.offset() >= ChunkSegmentFormat.HEADER_BYTES && e.offset() <= size / 2, e.getMessage());
    assertTrue(e.getMessage().contains(segment(1).toString()) && e.getMessage().contains("offset " + e.offset()),
        e.getMessage());
  }

  @Test
  void aTruncatedSegmentNamesTheChunkThatRunsPastItsEnd() throws IOException {
    byte[] bytes = Files.readAllBytes(segment(1));
    Files.write(segment(1), Arrays.copyOf(bytes, bytes.length - 3));
    CorruptBlockException e = openFails();
    assertEquals(segment(1), e.file());
    assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
  }

  @Test
  void aTruncatedMetaJsonNamesMetaJsonAndWhereItEnds() throws IOException {
    Path meta = dir.resolve(BlockMetaJson.FILE_NAME);
    String text = Files.readString(meta);
    Files.writeString(meta, text.substring(0, text.length() / 2));
    CorruptBlockException e = openFails();
    assertEquals(meta, e.file());
    assertEquals(BlockMetaJson.FILE_NAME, e.section());
    assertEquals(text.length() / 2, e.offset(), e.getMessage());
  }

  @Test
  void metaJsonCountsThatDisagreeWithTheIndexFailTheOpen() throws IOException {
    Path meta = dir.resolve(BlockMetaJson.FILE_NAME);
    String text = Files.readString(meta);
    Files.writeString(meta, text.replaceFirst("\"numSeries\": \\d+", "\"numSeries\": 13"));
    CorruptBlockException e = openFails();
    assertEquals(meta, e.file());
    assertTrue(e.getMessage().contains("the index holds 12"), e.getMessage());
  }

  @Test
  void anIndexOfAnotherVersionIsRefusedNamingBothVersions() throws IOException {
    byte[] bytes = Files.readAllBytes(index());
    bytes[4] = 2;
    Files.write(index(), bytes);
    CorruptBlockException e = openFails();
    assertEquals(4, e.offset());
    assertTrue(e.getMessage().contains("index version 2 is not readable; this build reads version 1"), e.getMessage());
  }

  @Test
  void aMetaJsonOfAnotherVersionIsRefused() throws IOException {
    Path meta = dir.resolve(BlockMetaJson.FILE_NAME);
    Files.writeString(meta, Files.readString(meta).replace("\"version\": 1", "\"version\": 7"));
    CorruptBlockException e = openFails();
    assertTrue(e.getMessage().contains("block version 7 is not readable"), e.getMessage());
  }

  @Test
  void aMissingSegmentIsNamed() throws IOException {
    List<TestSeries> series = TestSeries.random(new Random(6), 40, MIN_TIME, MAX_TIME);
    dir = BlockWriter.write(parent, TestSeries.contents(series, MIN_TIME, MAX_TIME), 4096);
    assertTrue(Files.exists(segment(3)), "small segments make several files");
    Files.delete(segment(2));
    CorruptBlockException e = openFails();
    assertEquals(segment(2), e.file());
  }

  @Test
  void aMissingIndexIsReportedAsAMissingFile() throws IOException {
    Files.delete(index());
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Block.open(dir));
    assertTrue(e.getMessage().contains(IndexFormat.FILE_NAME), e.getMessage());
  }
}
