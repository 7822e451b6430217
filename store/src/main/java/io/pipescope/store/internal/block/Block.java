package io.pipescope.store.internal.block;

import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An immutable block on disk, open for reading: its meta, its index in memory and its chunk
 * segments mapped. Every file is checked when the block opens (checksums, magic numbers, versions,
 * references), so a damaged block fails there, naming the file, rather than during a query.
 * Any number of queriers may read at once.
 */
public final class Block implements Queryable, Closeable {
  private final Path dir;
  private final BlockMeta meta;
  private final long sizeBytes;
  private volatile BlockIndex index;
  private volatile ChunkSegments chunks;

  private Block(Path dir, BlockMeta meta, BlockIndex index, ChunkSegments chunks, long sizeBytes) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.sizeBytes = sizeBytes;
  }

  /**
   * Opens the block in {@code dir}, checking all of its files.
   *
   * @throws CorruptBlockException naming the file, the part of it and the offset of the damage, or
   *     a version this build does not read
   * @throws java.nio.file.NoSuchFileException when one of the files is missing
   */
  public static Block open(Path dir) throws IOException {
    Path metaFile = dir.resolve(BlockMetaJson.FILE_NAME);
    BlockMeta meta = BlockMetaJson.read(metaFile);
    ChunkSegments chunks = ChunkSegments.open(dir.resolve(ChunkSegmentFormat.DIRECTORY));
    BlockIndex index = IndexReader.read(dir.resolve(IndexFormat.FILE_NAME), chunks, meta);
    if (index.numSeries() != meta.stats().numSeries() || index.numChunks() != meta.stats().numChunks()) {
      throw new CorruptBlockException(metaFile, BlockMetaJson.FILE_NAME + " field stats", CorruptBlockException.NO_OFFSET,
          "it counts " + meta.stats().numSeries() + " series and " + meta.stats().numChunks()
          + " chunks, but the index holds " + index.numSeries() + " and " + index.numChunks());
    }
    return new Block(dir, meta, index, chunks, BlockDirectories.sizeBytes(dir));
  }

  /**
   * Deletes the {@code .tmp} directories in {@code parentDir}: blocks whose writing or deletion a
   * crash interrupted. Call it before opening the blocks of a directory; returns what it deleted.
   */
  public static List<Path> cleanupTemporary(Path parentDir) throws IOException {
    return BlockDirectories.deleteTemporary(parentDir);
  }

  public BlockMeta meta() {
    return meta;
  }

  public Path directory() {
    return dir;
  }

  /** The bytes of the block's files on disk. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /**
   * Reads samples with {@code minTimeMillis <= t <= maxTimeMillis}.
   *
   * @throws IllegalStateException when the block is closed
   */
  @Override
  public Querier querier(long minTimeMillis, long maxTimeMillis) {
    return new BlockQuerier(meta, index(), chunks(), minTimeMillis, maxTimeMillis);
  }

  BlockIndex index() {
    BlockIndex i = index;
    if (i == null) {
      throw new IllegalStateException("block " + meta.ulid() + " is closed");
    }
    return i;
  }

  ChunkSegments chunks() {
    ChunkSegments c = chunks;
    if (c == null) {
      throw new IllegalStateException("block " + meta.ulid() + " is closed");
    }
    return c;
  }

  /**
   * Lets go of the index and the mappings; no new querier can be made. The segment channels were
   * closed once mapped, and Java offers no supported way to unmap, so the mappings go when the
   * last reader holding them is garbage collected: queriers made before keep working until then.
   */
  @Override
  public void close() {
    index = null;
    chunks = null;
  }

  /**
   * Closes the block and removes its directory. The directory is first renamed to {@code .tmp} in
   * one step, so a crash part way through leaves a directory {@link #cleanupTemporary} removes,
   * never a block with files missing.
   */
  public void delete() throws IOException {
    close();
    Path doomed = BlockDirectories.temporary(dir.getParent(), dir.getFileName().toString());
    BlockDirectories.rename(dir, doomed);
    BlockDirectories.deleteRecursively(doomed);
    BlockDirectories.sync(dir.getParent());
  }

  @Override
  public String toString() {
    return "block " + meta.ulid() + " [" + meta.minTime() + ", " + meta.maxTime() + ")";
  }
}
