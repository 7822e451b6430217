package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelsOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a block directory, named by a new ULID, atomically: everything goes into {@code
 * <ulid>.tmp}, each file and directory is synced, and only then is the directory renamed to its
 * name. A crash before the rename leaves a {@code .tmp} directory that readers ignore and {@link
 * Block#cleanupTemporary} removes; after it, the block is whole.
 *
 * <pre>
 * &lt;ulid&gt;/meta.json      the {@link BlockMeta}
 * &lt;ulid&gt;/index          labels, chunk metadata, postings ({@link IndexFormat})
 * &lt;ulid&gt;/chunks/000001  chunk data ({@link ChunkSegmentFormat})
 * </pre>
 */
public final class BlockWriter {
  private BlockWriter() {}

  /**
   * Writes {@code contents} as a new block in {@code parentDir}; returns its directory.
   *
   * @throws IllegalArgumentException when series are not in strictly increasing label order, a
   *     series has no chunks, chunks of a series overlap or are out of time order, or a chunk lies
   *     outside {@code [minTime, maxTime)}; nothing is left behind
   */
  public static Path write(Path parentDir, BlockContents contents) throws IOException {
    return write(parentDir, contents, ChunkSegmentFormat.MAX_SEGMENT_BYTES);
  }

  /** As {@link #write(Path, BlockContents)}, starting a new chunk segment past {@code maxSegmentBytes}. */
  static Path write(Path parentDir, BlockContents contents, long maxSegmentBytes) throws IOException {
    String ulid = Ulid.generate();
    Path tmp = BlockDirectories.temporary(parentDir, ulid);
    Path chunksDir = tmp.resolve(ChunkSegmentFormat.DIRECTORY);
    try {
      Files.createDirectories(chunksDir);
      IndexWriter index = new IndexWriter();
      BlockMeta.Stats stats;
      try (ChunkSegmentWriter chunks = new ChunkSegmentWriter(chunksDir, maxSegmentBytes)) {
        stats = writeSeries(contents, chunks, index);
      }
      BlockDirectories.sync(chunksDir);
      index.write(tmp.resolve(IndexFormat.FILE_NAME));
      List<String> sources = contents.level() == 1 ? List.of(ulid) : contents.sources();
      BlockMeta meta = new BlockMeta(ulid, contents.minTime(), contents.maxTime(), stats,
          new BlockMeta.Compaction(contents.level(), sources), BlockMeta.CURRENT_VERSION);
      writeSynced(tmp.resolve(BlockMetaJson.FILE_NAME), BlockMetaJson.encode(meta));
      BlockDirectories.sync(tmp);
      Path block = parentDir.resolve(ulid);
      BlockDirectories.rename(tmp, block);
      return block;
    } catch (IOException | RuntimeException e) {
      try {
        BlockDirectories.deleteRecursively(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Writes each series' chunks to the segments and its metadata to the index; returns the counts. */
  private static BlockMeta.Stats writeSeries(BlockContents contents, ChunkSegmentWriter chunks, IndexWriter index)
      throws IOException {
    long numSeries = 0;
    long numChunks = 0;
    long numSamples = 0;
    Labels previous = null;
    for (BlockSeries series : contents.series()) {
      if (previous != null && LabelsOrder.INSTANCE.compare(previous, series.labels()) >= 0) {
        throw new IllegalArgumentException("series " + series.labels() + " is not after " + previous
            + " in label order; a block's series are sorted and distinct");
      }
      checkChunks(contents, series);
      List<EncodedChunk> list = series.chunks();
      long[] minTimes = new long[list.size()];
      long[] maxTimes = new long[list.size()];
      long[] refs = new long[list.size()];
      for (int c = 0; c < list.size(); c++) {
        EncodedChunk chunk = list.get(c);
        minTimes[c] = chunk.minTime();
        maxTimes[c] = chunk.maxTime();
        refs[c] = chunks.write(chunk.bytes());
        numSamples += chunk.numSamples();
      }
      index.add(series.labels(), minTimes, maxTimes, refs);
      numChunks += list.size();
      numSeries++;
      previous = series.labels();
    }
    return new BlockMeta.Stats(numSeries, numChunks, numSamples);
  }

  private static void checkChunks(BlockContents contents, BlockSeries series) {
    List<EncodedChunk> list = series.chunks();
    if (list.isEmpty()) {
      throw new IllegalArgumentException("series " + series.labels() + " has no chunks");
    }
    for (int c = 0; c < list.size(); c++) {
      EncodedChunk chunk = list.get(c);
      if (chunk.minTime() < contents.minTime() || chunk.maxTime() >= contents.maxTime()) {
        throw new IllegalArgumentException("chunk " + c + " of " + series.labels() + " spans [" + chunk.minTime()
            + ", " + chunk.maxTime() + "], outside the block's [" + contents.minTime() + ", " + contents.maxTime() + ")");
      }
      if (c > 0 && chunk.minTime() <= list.get(c - 1).maxTime()) {
        throw new IllegalArgumentException("chunk " + c + " of " + series.labels() + " starts at " + chunk.minTime()
            + ", not after the previous chunk's end at " + list.get(c - 1).maxTime());
      }
      if (chunk.numSamples() == 0) {
        throw new IllegalArgumentException("chunk " + c + " of " + series.labels() + " has no samples");
      }
    }
  }

  private static void writeSynced(Path file, String text) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }
}
