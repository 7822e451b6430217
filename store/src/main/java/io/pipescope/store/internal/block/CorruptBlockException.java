package io.pipescope.store.internal.block;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A block file that does not read as this build writes it: a checksum that does not match, a
 * field out of range, a file cut short, an unknown magic number or version. The message names the
 * file, the part of it (a section of the index, a chunk, a field of meta.json) and the byte offset.
 */
public final class CorruptBlockException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Offset for damage that has no single position, such as a field missing from meta.json. */
  public static final long NO_OFFSET = -1;

  private final transient Path file;
  private final String section;
  private final long offset;

  public CorruptBlockException(Path file, String section, long offset, String problem) {
    super("block file " + file + " is damaged in " + section
        + (offset == NO_OFFSET ? "" : " at byte offset " + offset) + ": " + problem);
    this.file = file;
    this.section = section;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** The part of the file: an index section, "chunk", "segment header", a meta.json field. */
  public String section() {
    return section;
  }

  /** The byte offset in {@link #file()} where the damage was found, or {@link #NO_OFFSET}. */
  public long offset() {
    return offset;
  }
}
