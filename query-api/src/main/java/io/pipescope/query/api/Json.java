package io.pipescope.query.api;

import io.pipescope.query.internal.JsonStrings;
import java.util.Collection;
import java.util.Map;

/** The little JSON the API writes by hand: quoted strings, string lists and string maps. */
final class Json {
  private Json() {}

  static String quote(String s) {
    return JsonStrings.quote(s);
  }

  static void quote(StringBuilder sb, String s) {
    JsonStrings.quote(sb, s);
  }

  /** {@code ["a","b"]}. */
  static String strings(Collection<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, v);
    }
    return sb.append(']').toString();
  }

  /** {@code {"k":"v"}} in the map's iteration order. */
  static String stringMap(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, e.getKey());
      sb.append(':');
      quote(sb, e.getValue());
    }
    return sb.append('}').toString();
  }
}
