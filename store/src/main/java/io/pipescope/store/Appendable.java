package io.pipescope.store;

/** Where writes go: the seam between aggregation (and remote_write) and storage. */
@FunctionalInterface
public interface Appendable {
  Appender appender();
}
