package io.pipescope.aggregator.storage;

/**
 * Where samples go: the seam between aggregation (and the ingest edges that carry samples, such
 * as remote_write) and storage. The store implements it; nothing upstream knows the store.
 */
@FunctionalInterface
public interface Appendable {
  Appender appender();
}
