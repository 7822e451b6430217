package io.pipescope.store.internal.block;

import io.pipescope.store.internal.block.IndexFormat.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads an {@code index} file (layout in {@link IndexFormat}) into a {@link BlockIndex}, checking
 * it on the way: magic, version, the TOC's and each section's checksum, every reference in range,
 * series in strictly increasing label order (the querier relies on id order being label order),
 * postings sorted, and each chunk reference landing on a chunk start within the block's range.
 */
final class IndexReader {
  private final Path file;
  private final ByteBuffer buffer;
  private final int size;

  private IndexReader(Path file, ByteBuffer buffer) {
    this.file = file;
    this.buffer = buffer;
    this.size = buffer.capacity();
  }

  static BlockIndex read(Path file, ChunkSegments chunks, BlockMeta meta) throws IOException {
    ByteBuffer buffer;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() > Integer.MAX_VALUE) {
        throw new CorruptBlockException(file, "index", CorruptBlockException.NO_OFFSET,
            channel.size() + " bytes is more than this build reads (2 GiB)");
      }
      // Mapped only while decoding: everything the block needs is copied to the heap.
      buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    }
    return new IndexReader(file, buffer).decode(chunks, meta);
  }

  private BlockIndex decode(ChunkSegments chunks, BlockMeta meta) throws CorruptBlockException {
    checkHeader();
    long[] offsets = tableOfContents();
    String[] symbols = symbols(section(Section.SYMBOLS, offsets));
    SeriesSectionReader series = new SeriesSectionReader(symbols, chunks, meta);
    series.decode(section(Section.SERIES, offsets));
    BlockPostings postings = postings(section(Section.POSTINGS, offsets), symbols, series.count());
    return series.toIndex(postings);
  }

  private void checkHeader() throws CorruptBlockException {
    ByteSource in = new ByteSource(buffer, 0, size, file, "header");
    if (size < IndexFormat.HEADER_BYTES + IndexFormat.TOC_BYTES) {
      throw in.corruptAt(0, "the file has " + size + " bytes, fewer than a header and table of contents");
    }
    int magic = in.readBigEndian32("magic number");
    if (magic != IndexFormat.MAGIC) {
      throw in.corruptAt(0, String.format("magic number 0x%08X is not an index's 0x%08X", magic, IndexFormat.MAGIC));
    }
    int version = in.readByte("version");
    if (version != IndexFormat.VERSION) {
      throw in.corruptAt(4, "index version " + version + " is not readable; this build reads version "
          + IndexFormat.VERSION);
    }
    for (int i = 0; i < 3; i++) {
      if (in.readByte("padding") != 0) {
        throw in.corruptAt(5 + i, "header padding is not zero");
      }
    }
  }

  /** The section offsets the TOC lists, each checked to leave room for its frame before the TOC. */
  private long[] tableOfContents() throws CorruptBlockException {
    int tocStart = size - IndexFormat.TOC_BYTES;
    ByteSource in = new ByteSource(buffer, tocStart, size, file, "table of contents");
    long[] offsets = new long[Section.values().length];
    for (Section s : Section.values()) {
      offsets[s.ordinal()] = in.readBigEndian64(s.title() + " offset");
    }
    if (in.readBigEndian32("checksum") != crc32c(tocStart, tocStart + 8 * offsets.length)) {
      throw in.corruptAt(tocStart, "the table of contents' checksum does not match its bytes");
    }
    for (Section s : Section.values()) {
      long offset = offsets[s.ordinal()];
      if (offset < IndexFormat.HEADER_BYTES || offset > tocStart - IndexFormat.SECTION_FRAME_BYTES) {
        throw in.corruptAt(tocStart + 8L * s.ordinal(), "the " + s.title() + " offset " + offset
            + " lies outside [" + IndexFormat.HEADER_BYTES + ", " + tocStart + ")");
      }
    }
    return offsets;
  }

  /** The body of a section, its length and checksum verified. */
  private ByteSource section(Section section, long[] offsets) throws CorruptBlockException {
    int start = (int) offsets[section.ordinal()];
    ByteSource frame = new ByteSource(buffer, start, size, file, section.title());
    long length = frame.readBigEndian32("length") & 0xFFFFFFFFL;
    int bodyStart = frame.position();
    int limit = size - IndexFormat.TOC_BYTES - 4;
    if (length > limit - bodyStart) {
      throw frame.corruptAt(start, "a body of " + length + " bytes runs past the end of the sections");
    }
    int bodyEnd = bodyStart + (int) length;
    if (buffer.getInt(bodyEnd) != crc32c(bodyStart, bodyEnd)) {
      throw frame.corruptAt(start, "the section's checksum does not match its bytes");
    }
    return new ByteSource(buffer, bodyStart, bodyEnd, file, section.title());
  }

  private int crc32c(int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.slice(from, to - from));
    return (int) crc.getValue();
  }

  private static String[] symbols(ByteSource in) throws CorruptBlockException {
    String[] symbols = new String[in.readCount("symbol count")];
    for (int i = 0; i < symbols.length; i++) {
      int at = in.position();
      symbols[i] = in.readString("symbol");
      if (i > 0 && symbols[i].compareTo(symbols[i - 1]) <= 0) {
        throw in.corruptAt(at, "symbol " + i + " is not after symbol " + (i - 1) + " in sort order");
      }
    }
    expectEnd(in);
    return symbols;
  }

  private static BlockPostings postings(ByteSource in, String[] symbols, int numSeries) throws CorruptBlockException {
    int pairs = in.readCount("label pair count");
    TreeMap<String, BlockPostings.ValueLists> byName = new TreeMap<>();
    int previousName = -1;
    int previousValue = -1;
    List<String> values = new ArrayList<>();
    List<int[]> ids = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      int at = in.position();
      int name = in.readIndex("label name symbol", symbols.length);
      int value = in.readIndex("label value symbol", symbols.length);
      if (name < previousName || (name == previousName && value <= previousValue) || symbols[value].isEmpty()) {
        throw in.corruptAt(at, "label pair " + symbols[name] + "=\"" + symbols[value]
            + "\" is out of order, repeated or empty");
      }
      if (name != previousName && previousName >= 0) {
        byName.put(symbols[previousName], valueLists(values, ids));
      }
      previousName = name;
      previousValue = value;
      values.add(symbols[value]);
      ids.add(seriesIds(in, numSeries));
    }
    if (previousName >= 0) {
      byName.put(symbols[previousName], valueLists(values, ids));
    }
    expectEnd(in);
    return new BlockPostings(numSeries, byName);
  }

  private static BlockPostings.ValueLists valueLists(List<String> values, List<int[]> ids) {
    BlockPostings.ValueLists lists =
        new BlockPostings.ValueLists(values.toArray(new String[0]), ids.toArray(new int[0][]));
    values.clear();
    ids.clear();
    return lists;
  }

  private static int[] seriesIds(ByteSource in, int numSeries) throws CorruptBlockException {
    int[] ids = new int[in.readIndex("series count", numSeries + 1L)];
    long id = -1;
    for (int i = 0; i < ids.length; i++) {
      int at = in.position();
      long delta = in.readUvarint("series id");
      id = i == 0 ? delta : id + delta;
      if ((i > 0 && delta == 0) || id < 0 || id >= numSeries) {
        throw in.corruptAt(at, "series id " + id + " is repeated or outside [0, " + numSeries + ")");
      }
      ids[i] = (int) id;
    }
    return ids;
  }

  /** Fails unless the section's last entry ended exactly at its end. */
  static void expectEnd(ByteSource in) throws CorruptBlockException {
    if (in.hasRemaining()) {
      throw in.corrupt("unexpected bytes after the last entry");
    }
  }
}
