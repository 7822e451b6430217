package io.pipescope.store.internal.block;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file-system steps that make block directories appear and disappear whole: a block is built
 * or torn down under a {@code .tmp} name and renamed, so a crash leaves at worst a {@code .tmp}
 * directory, which no reader opens and {@link #deleteTemporary} removes.
 */
final class BlockDirectories {
  static final String TEMPORARY_SUFFIX = ".tmp";

  private BlockDirectories() {}

  static Path temporary(Path parentDir, String name) {
    return parentDir.resolve(name + TEMPORARY_SUFFIX);
  }

  static boolean isTemporary(Path dir) {
    return dir.getFileName().toString().endsWith(TEMPORARY_SUFFIX);
  }

  /**
   * Makes creations, renames and deletions in {@code dir} durable: fsync of a file alone does not
   * persist its directory entry. Windows cannot open a directory, and has no need to.
   */
  static void sync(Path dir) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  /** Renames {@code from} to {@code to} in one step and makes the rename durable. */
  static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    sync(to.getParent());
  }

  /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Deletes every {@code .tmp} directory in {@code parentDir}; returns those deleted. */
  static List<Path> deleteTemporary(Path parentDir) throws IOException {
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(parentDir)) {
      return deleted;
    }
    try (Stream<Path> listing = Files.list(parentDir)) {
      for (Path dir : (Iterable<Path>) listing::iterator) {
        if (isTemporary(dir) && Files.isDirectory(dir)) {
          deleteRecursively(dir);
          deleted.add(dir);
        }
      }
    }
    if (!deleted.isEmpty()) {
      sync(parentDir);
    }
    return deleted;
  }

  /** The bytes of the regular files below {@code dir}. */
  static long sizeBytes(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.size();
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }
}
