package io.pipescope.store.internal.block;

/**
 * The layout of a block's {@code index} file: Prometheus's index (tsdb/docs/format/index.md) cut
 * down to what pipescope reads, and not byte-compatible with it. Every integer is a Go varint
 * unless its width is given; fixed-width integers are big-endian.
 *
 * <pre>
 * header     magic 0x50534958 ("PSIX") 4 bytes, version 1 byte, padding 3 bytes
 * symbols    section: count, then each string as length and UTF-8, sorted, distinct
 * series     section: count, then per series, in label order (its position is its id):
 *              label count, then (name symbol, value symbol) per label, sorted by name
 *              chunk count, then per chunk
 *                first chunk   minTime (varint), maxTime - minTime, reference
 *                later chunks  minTime - previous maxTime, maxTime - minTime,
 *                              reference - previous reference (varint)
 * postings   section: count, then per label pair, sorted by name then value (non-empty values only):
 *              name symbol, value symbol, series count, first id, then each id - previous id
 * TOC        offsets of the symbols, series and postings sections, 8 bytes each,
 *            then a CRC32C of those 24 bytes: the last 28 bytes of the file
 * section    length 4 bytes, body, CRC32C of the body 4 bytes
 * </pre>
 *
 * Series ids are positions, not offsets/16 as in Prometheus, because the whole index is read into
 * memory when the block opens; Prometheus's offsets exist to read one series lazily.
 */
final class IndexFormat {
  static final String FILE_NAME = "index";
  static final int MAGIC = 0x50534958;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int SECTION_FRAME_BYTES = 8;
  static final int TOC_BYTES = 3 * 8 + 4;

  /** The sections in file order, as the TOC lists them. */
  enum Section {
    SYMBOLS("symbols"), SERIES("series"), POSTINGS("postings");

    private final String title;

    Section(String title) {
      this.title = title;
    }

    /** How error messages name the section. */
    String title() {
      return title + " section";
    }
  }

  private IndexFormat() {}
}
