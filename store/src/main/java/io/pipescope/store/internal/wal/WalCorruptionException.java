package io.pipescope.store.internal.wal;

import java.io.IOException;
import java.nio.file.Path;

/** Damage found in a WAL segment: which file, at which byte offset, and what was wrong there. */
public final class WalCorruptionException extends IOException {
  private final transient Path segment;
  private final long offset;
  private final String problem;

  public WalCorruptionException(Path segment, long offset, String problem) {
    super("WAL segment " + segment + " is damaged at byte offset " + offset + ": " + problem);
    this.segment = segment;
    this.offset = offset;
    this.problem = problem;
  }

  /** The damaged segment file. */
  public Path segment() {
    return segment;
  }

  /** The byte offset in {@link #segment()} where the damage was found. */
  public long offset() {
    return offset;
  }

  /** What was wrong, without the file and offset. */
  public String problem() {
    return problem;
  }

  /** The same damage with a sentence on what was (not) done about it. */
  WalCorruptionException withConsequence(String consequence) {
    WalCorruptionException e = new WalCorruptionException(segment, offset, problem + "; " + consequence);
    e.initCause(this);
    return e;
  }
}
