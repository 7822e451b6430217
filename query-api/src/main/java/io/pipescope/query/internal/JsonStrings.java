package io.pipescope.query.internal;

/**
 * JSON string literals escaped as Prometheus's API writes them (Go's encoding/json: control
 * characters, and {@code < > &} and the JS line separators as {@code \\uXXXX}). The one escaper
 * behind every hand-written JSON body of the HTTP API.
 */
public final class JsonStrings {
  private JsonStrings() {}

  /** A label set as a JSON object, names in order: {@code {"job":"ci","le":"0.5"}}. */
  public static void labels(StringBuilder sb, io.pipescope.aggregator.metrics.Labels labels) {
    sb.append('{');
    for (int i = 0; i < labels.size(); i++) {
      sb.append(i > 0 ? "," : "");
      quote(sb, labels.name(i));
      sb.append(':');
      quote(sb, labels.value(i));
    }
    sb.append('}');
  }

  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(sb, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    sb.append(String.format("\\u%04x", (int) c));
  }
}
