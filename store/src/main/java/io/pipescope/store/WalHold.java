package io.pipescope.store;

import java.util.function.Consumer;

/**
 * A claim on the write-ahead log's segments from one segment on, so that a reader who has not read
 * them yet (a remote write receiver that is behind) still finds them: the store's checkpoint keeps
 * them rather than replacing them, up to {@link StoreOptions#walHoldBytes()} in all, past which the
 * oldest go anyway and the reader skips them. Move it forward as reading goes on; close it when done.
 */
public final class WalHold implements AutoCloseable {
  private final String holder;
  private final Consumer<WalHold> onClose;
  private volatile int segment;

  WalHold(String holder, int segment, Consumer<WalHold> onClose) {
    this.holder = holder;
    this.segment = segment;
    this.onClose = onClose;
  }

  /** Releases the segments before {@code next}; a hold never moves back. */
  public synchronized void moveTo(int next) {
    segment = Math.max(segment, next);
  }

  /** The oldest segment held. */
  public int segment() {
    return segment;
  }

  /** Who holds it, for log messages. */
  public String holder() {
    return holder;
  }

  @Override
  public void close() {
    onClose.accept(this);
  }
}
