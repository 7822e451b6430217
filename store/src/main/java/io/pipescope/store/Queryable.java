package io.pipescope.store;

/** Where reads come from: the seam between storage and the query engine. */
@FunctionalInterface
public interface Queryable {
  /** A reader of samples with {@code minTimeMillis <= t <= maxTimeMillis}. */
  Querier querier(long minTimeMillis, long maxTimeMillis);
}
