package io.pipescope.store.internal.chunk;

/**
 * A chunk's bytes do not decode: they end before the samples their header counts, or hold a
 * field no encoder writes. Unchecked because it means damaged storage, not a caller's mistake.
 */
public final class CorruptChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptChunkException(String message) {
    super(message);
  }
}
