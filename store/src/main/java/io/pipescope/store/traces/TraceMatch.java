package io.pipescope.store.traces;

import java.util.List;
import java.util.Map;

/**
 * A trace a search found, as Tempo's search result lists it.
 *
 * @param rootServiceName the root span's service, or the earliest span's when the root has not arrived
 * @param matchedSpans up to three of the spans that met the search's tags (none for a search without tags)
 * @param matchedCount how many spans met them
 * @param rootAttributes the root span's indexed attributes and its resource's (the feature's id,
 *     name and type), so a list of traces can name its features; the earliest span's until the
 *     root arrives
 */
public record TraceMatch(String traceId, String rootServiceName, String rootTraceName, long startNanos,
    long durationNanos, List<MatchedSpan> matchedSpans, int matchedCount, Map<String, String> rootAttributes) {
  /** A span that met the search, with the attributes it was matched on. */
  public record MatchedSpan(String spanId, String name, long startNanos, long durationNanos,
      Map<String, String> attributes) {}
}
