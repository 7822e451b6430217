package io.pipescope.store.internal.block;

import static io.pipescope.store.internal.block.ChunkSegmentFormat.CHECKSUM_BYTES;
import static io.pipescope.store.internal.block.ChunkSegmentFormat.HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The chunk segment files of an open block, memory-mapped read-only. Opening checks every chunk's
 * checksum, so damage shows up when the block is opened, naming the segment and offset, rather than
 * in the middle of a query; CRC32C runs at memory speed, so this costs about as much as reading the
 * files once. Reads then only copy bytes out of the mapping.
 *
 * <p>The channels are closed as soon as the files are mapped: a mapping stays valid without its
 * channel, and the JDK unmaps it when the buffer is garbage collected (there is no supported way to
 * unmap sooner). Readers use absolute gets only, so any number of threads may read at once.
 */
final class ChunkSegments {
  private static final Pattern FILE_NAME = Pattern.compile("[0-9]{6}");

  private final List<Path> files;
  private final List<MappedByteBuffer> segments;
  /** Per segment, the sorted offsets at which chunks start: a reference must hit one of them. */
  private final List<int[]> chunkStarts;
  private final long sizeBytes;

  private ChunkSegments(List<Path> files, List<MappedByteBuffer> segments, List<int[]> chunkStarts, long sizeBytes) {
    this.files = files;
    this.segments = segments;
    this.chunkStarts = chunkStarts;
    this.sizeBytes = sizeBytes;
  }

  /**
   * Maps and checks the segments in {@code directory}.
   *
   * @throws CorruptBlockException for a missing segment number, a bad header, a chunk that runs
   *     past its file, an unknown encoding or a checksum that does not match
   */
  static ChunkSegments open(Path directory) throws IOException {
    List<Path> files = list(directory);
    List<MappedByteBuffer> segments = new ArrayList<>(files.size());
    List<int[]> chunkStarts = new ArrayList<>(files.size());
    long sizeBytes = 0;
    for (Path file : files) {
      MappedByteBuffer segment = map(file);
      chunkStarts.add(verify(file, segment));
      segments.add(segment);
      sizeBytes += segment.capacity();
    }
    return new ChunkSegments(files, segments, chunkStarts, sizeBytes);
  }

  /** The segment files in number order; numbers must run from 1 without a gap. */
  private static List<Path> list(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(directory)) {
      listing.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).sorted().forEach(files::add);
    }
    for (int i = 0; i < files.size(); i++) {
      String expected = ChunkSegmentFormat.fileName(i + 1);
      if (!files.get(i).getFileName().toString().equals(expected)) {
        throw new CorruptBlockException(directory.resolve(expected), "chunks directory", CorruptBlockException.NO_OFFSET,
            "segment " + expected + " is missing, so chunks referenced in it cannot be read");
      }
    }
    return files;
  }

  private static MappedByteBuffer map(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        // Offsets in a chunk reference are 32 bits, and a mapping holds at most 2 GiB.
        throw new CorruptBlockException(file, "segment", CorruptBlockException.NO_OFFSET,
            size + " bytes is more than a segment can hold");
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
  }

  /** Checks the header and every chunk; returns the offsets where chunks start. */
  private static int[] verify(Path file, ByteBuffer segment) throws CorruptBlockException {
    int size = segment.capacity();
    ByteSource in = new ByteSource(segment, 0, size, file, "segment header");
    int magic = in.readBigEndian32("magic number");
    if (magic != ChunkSegmentFormat.MAGIC) {
      throw in.corruptAt(0, String.format("magic number 0x%08X is not a chunk segment's 0x%08X",
          magic, ChunkSegmentFormat.MAGIC));
    }
    int version = in.readByte("version");
    if (version != ChunkSegmentFormat.VERSION) {
      throw in.corruptAt(4, "chunk segment version " + version + " is not readable; this build reads version "
          + ChunkSegmentFormat.VERSION);
    }
    for (int i = 0; i < 3; i++) {
      if (in.readByte("padding") != 0) {
        throw in.corruptAt(5 + i, "header padding is not zero");
      }
    }
    int[] starts = new int[64];
    int count = 0;
    CRC32C crc = new CRC32C();
    int position = HEADER_BYTES;
    while (position < size) {
      ByteSource chunk = new ByteSource(segment, position, size, file, "chunk");
      long length = chunk.readUvarint("length");
      int encodingAt = chunk.position();
      if (length > size - encodingAt - 1 - CHECKSUM_BYTES) {
        throw chunk.corruptAt(position, "a chunk of " + length + " bytes runs past the end of the "
            + size + "-byte file");
      }
      if (length < 2) {
        throw chunk.corruptAt(position, "a chunk of " + length + " bytes lacks the 2-byte XOR header");
      }
      int encoding = chunk.readByte("encoding");
      if (encoding != ChunkSegmentFormat.ENCODING_XOR) {
        throw chunk.corruptAt(position, "unknown chunk encoding " + encoding);
      }
      crc.reset();
      crc.update(segment.slice(encodingAt, 1 + (int) length));
      int checksumAt = encodingAt + 1 + (int) length;
      if ((int) crc.getValue() != segment.getInt(checksumAt)) {
        throw chunk.corruptAt(position, "the chunk's checksum does not match its bytes");
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
      }
      starts[count++] = position;
      position = checksumAt + CHECKSUM_BYTES;
    }
    return Arrays.copyOf(starts, count);
  }

  /** Whether {@code ref} points at the start of a chunk. */
  boolean isChunkStart(long ref) {
    int segment = ChunkSegmentFormat.segment(ref);
    if (segment < 1 || segment > chunkStarts.size()) {
      return false;
    }
    return Arrays.binarySearch(chunkStarts.get(segment - 1), ChunkSegmentFormat.offset(ref)) >= 0;
  }

  /**
   * A copy of the data of the chunk at {@code ref}, a reference checked against the chunk starts at
   * open. Copied because {@code XorChunk.wrap} takes an array: simple and safe; decoding straight
   * from the mapping would save the copy, but needs an {@code XorChunk} over a buffer.
   */
  byte[] read(long ref) {
    ByteBuffer segment = segments.get(ChunkSegmentFormat.segment(ref) - 1);
    int position = ChunkSegmentFormat.offset(ref);
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = segment.get(position++);
      length |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
    }
    byte[] data = new byte[length];
    segment.get(position + 1, data);
    return data;
  }

  List<Path> files() {
    return files;
  }

  long sizeBytes() {
    return sizeBytes;
  }
}
