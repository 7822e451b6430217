package io.pipescope.store.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Records with recognisable contents, and ways to damage segment files, for the WAL tests. */
final class WalFixtures {
  /** With this payload size a record is one 100-byte fragment, which makes offsets easy to state. */
  static final int HUNDRED_BYTE_FRAGMENT = 100 - FragmentFormat.HEADER_SIZE;

  private WalFixtures() {}

  /** A record of {@code length} bytes whose contents depend on {@code id} (its first bytes are the id). */
  static byte[] record(int id, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(id).nextBytes(bytes);
    byte[] idBytes = ByteBuffer.allocate(4).putInt(id).array();
    System.arraycopy(idBytes, 0, bytes, 0, Math.min(4, length));
    return bytes;
  }

  static WalOptions options() {
    return WalOptions.defaults();
  }

  /** Logs {@code count} records of {@code length} bytes (ids 0, 1, ...), one batch each, and closes. */
  static List<byte[]> writeLog(Path dir, WalOptions options, int count, int length) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(dir, options)) {
      for (int i = 0; i < count; i++) {
        byte[] record = record(i, length);
        wal.log(record);
        records.add(record);
      }
    }
    return records;
  }

  static List<byte[]> readAll(Path dir) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (WalReader reader = WalReader.open(dir)) {
      while (reader.next()) {
        records.add(reader.record());
      }
    }
    return records;
  }

  static void assertRecordsEqual(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "number of records");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(ByteBuffer.wrap(expected.get(i)), ByteBuffer.wrap(actual.get(i)), "record " + i);
    }
  }

  static Path segment(Path dir, int index) {
    return dir.resolve(SegmentFile.name(index));
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x40);
    }
  }

  static void setByte(Path file, long offset, int value) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(value);
    }
  }

  static void zero(Path file, long from, long to) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(from);
      raf.write(new byte[(int) (to - from)]);
    }
  }

  /** Writes the first {@code length} bytes of {@code bytes} as {@code file}, in a new directory. */
  static Path copyTruncated(byte[] bytes, int length, Path dir, String fileName) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    Files.write(file, java.util.Arrays.copyOf(bytes, length));
    return file;
  }
}
