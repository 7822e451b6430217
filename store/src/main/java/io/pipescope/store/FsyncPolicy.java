package io.pipescope.store;

/** When the write-ahead log asks the disk to make written records durable (fdatasync). */
public enum FsyncPolicy {
  /** Before {@code log()} returns: an acknowledged batch survives a power loss. The default. */
  ALWAYS,
  /**
   * Every {@link WalOptions#fsyncInterval()} on a background thread; {@code log()} returns once the
   * batch is written to the operating system, so a power loss can lose up to one interval.
   */
  INTERVAL,
  /**
   * Never on the write path: the operating system writes pages back when it chooses. Completed
   * segments and the last one at close are still synced, so only the newest segment can be torn.
   */
  NEVER
}
