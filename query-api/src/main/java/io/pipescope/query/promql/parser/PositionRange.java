package io.pipescope.query.promql.parser;

import java.nio.charset.StandardCharsets;

/**
 * Where a node or error lies in the query: char offsets, end exclusive. Prometheus counts bytes;
 * {@link #describeStart} converts, so messages read {@code 1:5} exactly as Prometheus writes them.
 */
public record PositionRange(int start, int end) {

  /**
   * The start as {@code line:column}, both from 1, the column counted in UTF-8 bytes from the last
   * line break ({@code posrange.PositionRange.StartPosInput}).
   */
  public String describeStart(String query) {
    if (query.isEmpty()) {
      return "unknown position";
    }
    if (start < 0 || start > query.length()) {
      return "invalid position";
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < start; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = query.substring(lineStart, start).getBytes(StandardCharsets.UTF_8).length + 1;
    return line + ":" + column;
  }

  static PositionRange merge(PositionRange first, PositionRange last) {
    return new PositionRange(first.start, last.end);
  }
}
