package io.pipescope.store.internal.wal;

/**
 * The first byte of a fragment header: whether the fragment holds a whole record or which part of
 * one (Prometheus's recFull, recFirst, recMiddle, recLast). Zero is not a type but page padding.
 * Prometheus's compression flag bits are not used, so a byte with them set is an invalid type.
 */
enum FragmentType {
  FULL(1, "full"),
  FIRST(2, "first"),
  MIDDLE(3, "middle"),
  LAST(4, "last");

  private final byte code;
  private final String label;

  FragmentType(int code, String label) {
    this.code = (byte) code;
    this.label = label;
  }

  byte code() {
    return code;
  }

  /** The type with this code, or null when the byte is padding (0) or no known type. */
  static FragmentType fromCode(int code) {
    return switch (code) {
      case 1 -> FULL;
      case 2 -> FIRST;
      case 3 -> MIDDLE;
      case 4 -> LAST;
      default -> null;
    };
  }

  /** The type of a fragment by its place in the record. */
  static FragmentType of(boolean startsRecord, boolean endsRecord) {
    if (startsRecord) {
      return endsRecord ? FULL : FIRST;
    }
    return endsRecord ? LAST : MIDDLE;
  }

  boolean startsRecord() {
    return this == FULL || this == FIRST;
  }

  boolean endsRecord() {
    return this == FULL || this == LAST;
  }

  @Override
  public String toString() {
    return label;
  }
}
