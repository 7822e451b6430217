package io.pipescope.store;

/**
 * A place in the store's write-ahead log: a segment and a byte offset in it that falls between two
 * records. Reading from a position reads every record that ends after it, so the position just past
 * a record resumes after that record.
 *
 * @param segment the segment index (the file {@code 00000042} is segment 42)
 * @param offset bytes into that segment
 */
public record WalPosition(int segment, long offset) implements Comparable<WalPosition> {
  /** The start of the log before anything was written. */
  public static final WalPosition START = new WalPosition(0, 0);

  public WalPosition {
    if (segment < 0 || offset < 0) {
      throw new IllegalArgumentException("a WAL position has a segment and offset of at least 0, got "
          + segment + ":" + offset);
    }
  }

  @Override
  public int compareTo(WalPosition other) {
    int bySegment = Integer.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  public boolean isBefore(WalPosition other) {
    return compareTo(other) < 0;
  }

  public static WalPosition min(WalPosition a, WalPosition b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public String toString() {
    return String.format("%08d:%d", segment, offset);
  }
}
