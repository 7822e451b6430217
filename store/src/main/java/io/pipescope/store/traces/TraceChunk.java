package io.pipescope.store.traces;

/**
 * One record of a trace's spans in a segment: the spans of the trace that arrived together under
 * one resource.
 *
 * @param resourceTags the resource's indexed attributes, name and value alternating
 */
record TraceChunk(int segment, long offset, String serviceName, String[] resourceTags, SpanInfo[] spans) {
  String resourceTag(String key) {
    for (int i = 0; i < resourceTags.length; i += 2) {
      if (resourceTags[i].equals(key)) {
        return resourceTags[i + 1];
      }
    }
    return null;
  }
}
