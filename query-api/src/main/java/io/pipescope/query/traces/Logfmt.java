package io.pipescope.query.traces;

import java.util.LinkedHashMap;
import java.util.Map;

/** The logfmt of Tempo's {@code tags} parameter: {@code key=value key2="quoted value"}. */
final class Logfmt {
  private Logfmt() {}

  static Map<String, String> parse(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int keyStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') {
        i++;
      }
      String key = s.substring(keyStart, i);
      if (i >= n || s.charAt(i) != '=' || key.isEmpty()) {
        throw new IllegalArgumentException("tags must be logfmt key=value pairs, got '" + s + "'");
      }
      i++;
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(s.charAt(i++));
        }
        if (i >= n) {
          throw new IllegalArgumentException("unterminated quote in tags '" + s + "'");
        }
        i++;
      } else {
        while (i < n && s.charAt(i) != ' ') {
          value.append(s.charAt(i++));
        }
      }
      out.put(key, value.toString());
    }
    return out;
  }
}
