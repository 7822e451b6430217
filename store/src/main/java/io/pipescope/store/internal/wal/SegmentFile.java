package io.pipescope.store.internal.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One segment of the log: a file named by its index, zero-padded to 8 digits ({@code 00000042}) as
 * Prometheus names them, so that a directory listing sorts in log order.
 */
public record SegmentFile(int index, Path path) {
  private static final Pattern NAME = Pattern.compile("[0-9]{8,9}");

  /** The file name of segment {@code index}. */
  public static String name(int index) {
    return String.format("%08d", index);
  }

  static SegmentFile in(Path dir, int index) {
    return new SegmentFile(index, dir.resolve(name(index)));
  }

  /**
   * The segments in {@code dir}, oldest first. Other files are ignored (a checkpoint directory, say).
   *
   * @throws WalCorruptionException when an index is missing between two segments, since the log
   *     would silently lose the records it held
   */
  public static List<SegmentFile> list(Path dir) throws IOException {
    List<SegmentFile> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String fileName = file.getFileName().toString();
        if (NAME.matcher(fileName).matches() && Files.isRegularFile(file)) {
          segments.add(new SegmentFile(Integer.parseInt(fileName), file));
        }
      }
    }
    segments.sort(Comparator.comparingInt(SegmentFile::index));
    for (int i = 1; i < segments.size(); i++) {
      int expected = segments.get(i - 1).index() + 1;
      if (segments.get(i).index() != expected) {
        throw new WalCorruptionException(
            segments.get(i).path(),
            0,
            "segment " + name(expected) + " before it is missing, so the log has a gap");
      }
    }
    return segments;
  }

  /** Creates the empty segment {@code index} and makes its directory entry durable. */
  static FileChannel create(Path dir, int index) throws IOException {
    FileChannel channel =
        FileChannel.open(dir.resolve(name(index)), StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
    try {
      syncDirectory(dir);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /**
   * Makes creations and deletions of files in {@code dir} durable: fsync of the file alone does not
   * persist its directory entry. Windows cannot open a directory, and has no need to.
   */
  static void syncDirectory(Path dir) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
