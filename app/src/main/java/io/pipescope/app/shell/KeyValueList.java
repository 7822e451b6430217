package io.pipescope.app.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key1=value1,key2=value2} lists of {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code OTEL_EXPORTER_OTLP_HEADERS}: values percent-encoded, as the OpenTelemetry SDK
 * environment variable specification says (the W3C Baggage format without properties).
 */
public final class KeyValueList {
  private KeyValueList() {}

  /**
   * The pairs in order, keys and values trimmed and percent-decoded ({@code +} stays a plus);
   * a later key replaces an earlier one.
   *
   * @throws IllegalArgumentException for a member without {@code =} or with an empty key
   */
  public static Map<String, String> parse(String list) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (list == null || list.isBlank()) {
      return pairs;
    }
    for (String member : list.split(",")) {
      if (member.isBlank()) {
        continue;
      }
      int eq = member.indexOf('=');
      String key = eq < 0 ? "" : decode(member.substring(0, eq).trim());
      if (key.isEmpty()) {
        throw new IllegalArgumentException("'" + member.trim() + "' is not key=value");
      }
      pairs.put(key, decode(member.substring(eq + 1).trim()));
    }
    return pairs;
  }

  /** The list {@link #parse} reads back exactly: separators, spaces, '%' and non-ASCII encoded. */
  public static String format(Map<String, String> pairs) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      encode(e.getKey(), out);
      out.append('=');
      encode(e.getValue(), out);
    }
    return out.toString();
  }

  private static void encode(String text, StringBuilder out) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = c > 0x20 && c < 0x7f && c != '%' && c != ',' && c != '=' && c != ';' && c != '"'
          && c != '\\' && c != '\'';
      if (plain) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
  }

  /** Percent-decodes UTF-8; a '%' not followed by two hex digits is kept as it is. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      int hi = text.charAt(i) == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        run.write(hi << 4 | lo);
        i += 3;
        continue;
      }
      if (run.size() > 0) {
        out.append(run.toString(StandardCharsets.UTF_8));
        run.reset();
      }
      out.append(text.charAt(i));
      i++;
    }
    out.append(run.toString(StandardCharsets.UTF_8));
    return out.toString();
  }
}
