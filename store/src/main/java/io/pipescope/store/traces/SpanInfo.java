package io.pipescope.store.traces;

/**
 * One span as the index keeps it: what a search matches on and shows, not the whole span.
 *
 * @param status the intrinsic status: {@code ok}, {@code error} or {@code unset}
 * @param tags the span's indexed attributes, name and value alternating
 */
record SpanInfo(long spanId, long startNanos, long endNanos, String name, String status, boolean root,
    String[] tags) {
  /** The value of indexed attribute {@code key}, or null. */
  String tag(String key) {
    for (int i = 0; i < tags.length; i += 2) {
      if (tags[i].equals(key)) {
        return tags[i + 1];
      }
    }
    return null;
  }
}
