package io.pipescope.remotewrite.internal;

import io.pipescope.store.WalPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * How far one receiver has got, kept in a small text file beside the store so a restart resumes
 * there: the WAL position to read from again (the start of the oldest record with a sample not yet
 * acknowledged) and, per shard, the last sample acknowledged, so that of the records read again only
 * what was not acknowledged is sent. Written whole to a temporary file, synced and renamed.
 *
 * <pre>
 * pipescope-remote-write-progress 1
 * resume 3 12345
 * shards 2
 * mark 0 3 12000 5
 * mark 1 -
 * crc32c 1a2b3c4d
 * </pre>
 */
final class SendProgress {
  private static final String MAGIC = "pipescope-remote-write-progress 1";

  /** {@code marks[i]} is null when shard i acknowledged nothing at or after {@code resume}. */
  record State(WalPosition resume, SampleMark[] marks) {}

  private SendProgress() {}

  /**
   * @return null when there is no file
   * @throws IOException when the file cannot be read or is not one this version wrote
   */
  static State load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    int crcLine = text.lastIndexOf("crc32c ");
    if (!text.startsWith(MAGIC + "\n") || crcLine < 0
        || !text.substring(crcLine + 7).strip().equals(crc(text.substring(0, crcLine)))) {
      throw new IOException("remote write progress file " + file + " is damaged (bad header or checksum)");
    }
    try {
      String[] lines = text.substring(0, crcLine).split("\n");
      String[] resume = field(lines[1], "resume", 3);
      WalPosition position = new WalPosition(Integer.parseInt(resume[1]), Long.parseLong(resume[2]));
      int shards = Integer.parseInt(field(lines[2], "shards", 2)[1]);
      SampleMark[] marks = new SampleMark[shards];
      for (int i = 0; i < shards; i++) {
        String[] mark = lines[3 + i].split(" ");
        if (!mark[0].equals("mark") || Integer.parseInt(mark[1]) != i) {
          throw new IllegalArgumentException("expected the mark of shard " + i + ", got '" + lines[3 + i] + "'");
        }
        marks[i] = mark[2].equals("-") ? null
            : new SampleMark(Integer.parseInt(mark[2]), Long.parseLong(mark[3]), Integer.parseInt(mark[4]));
      }
      return new State(position, marks);
    } catch (RuntimeException e) {
      throw new IOException("remote write progress file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  static void save(Path file, State state) throws IOException {
    StringBuilder text = new StringBuilder(MAGIC).append('\n');
    text.append("resume ").append(state.resume().segment()).append(' ').append(state.resume().offset()).append('\n');
    text.append("shards ").append(state.marks().length).append('\n');
    for (int i = 0; i < state.marks().length; i++) {
      SampleMark m = state.marks()[i];
      text.append("mark ").append(i).append(' ')
          .append(m == null ? "-" : m.segment() + " " + m.offset() + " " + m.index()).append('\n');
    }
    String checksum = crc(text.toString());
    text.append("crc32c ").append(checksum).append('\n');
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(false);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String[] field(String line, String name, int parts) {
    String[] split = line.split(" ");
    if (split.length != parts || !split[0].equals(name)) {
      throw new IllegalArgumentException("expected '" + name + "', got '" + line + "'");
    }
    return split;
  }

  private static String crc(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }
}
