package io.pipescope.store.traces;

import java.util.Map;

/**
 * A search as Tempo's {@code /api/search} takes it.
 *
 * @param tags conditions one span must all meet: intrinsic {@code name} and {@code status}
 *     ({@code ok|error|unset}), {@code service.name}, or an indexed span or resource attribute
 * @param minDurationNanos the least trace duration (0: any)
 * @param maxDurationNanos the most trace duration (0: any)
 * @param startNanos traces ending before this are left out (0: no bound)
 * @param endNanos traces starting after this are left out (0: no bound)
 * @param limit the most traces returned, newest first
 */
public record TraceSearch(Map<String, String> tags, long minDurationNanos, long maxDurationNanos, long startNanos,
    long endNanos, int limit) {
  public TraceSearch {
    tags = Map.copyOf(tags);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }
}
