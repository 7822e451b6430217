package io.pipescope.query;

/** Re-reads the files pipescope loaded at start (rule files), for {@code POST /-/reload} and SIGHUP. */
@FunctionalInterface
public interface Reloader {
  /**
   * Applies the files as they are now, or keeps what runs.
   *
   * @throws IllegalStateException naming every problem when the files are rejected; what was
   *     loaded before keeps running
   */
  void reload();
}
