package io.pipescope.store;

/**
 * Samples in time order: {@code while (it.next()) use(it.timestamp(), it.value());}. Values are
 * returned bit for bit as stored, so a staleness marker stays {@link StaleMarker#VALUE}.
 */
public interface SampleIterator {
  boolean next();

  /** Moves to the first sample at or after {@code t}; false when there is none. */
  boolean seek(long timestampMillis);

  long timestamp();

  double value();
}
