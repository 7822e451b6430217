package io.pipescope.aggregator.storage;

import java.io.IOException;

/**
 * What a flush holds while it collects and commits, and what it does after: lets a log in front of
 * the aggregators (the span log) know exactly which batches a stored flush covers.
 */
public interface FlushBarrier {
  /** Before collecting: no batch may be between logged and aggregated until {@link #exit()}. */
  void enter();

  void exit();

  /** After the flush committed (outside the barrier): what it covers may now be dropped. */
  void afterCommit() throws IOException;

  FlushBarrier NONE = new FlushBarrier() {
    @Override
    public void enter() {}

    @Override
    public void exit() {}

    @Override
    public void afterCommit() {}
  };
}
