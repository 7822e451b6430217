package io.pipescope.query.traces;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of TraceQL a tag search can answer: one span selector of equality conditions joined by
 * {@code &&}, such as {@code { resource.service.name = "factory" && span.factory.attempt = 1 }}.
 * Scopes ({@code span.}, {@code resource.}, {@code .}) are accepted and looked up in both; the
 * intrinsics {@code name} and {@code status} are supported. Anything else is refused with what is
 * supported, rather than answered wrongly.
 */
final class TraceQlSubset {
  private TraceQlSubset() {}

  /** The conditions of {@code query} as tags; an empty selector {@code {}} gives none. */
  static Map<String, String> tags(String query) {
    String q = query.trim();
    if (!q.startsWith("{") || !q.endsWith("}") || q.indexOf('{', 1) >= 0) {
      throw unsupported(query);
    }
    String body = q.substring(1, q.length() - 1).trim();
    Map<String, String> tags = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return tags;
    }
    for (String condition : splitAnd(body, query)) {
      int eq = condition.indexOf('=');
      if (eq <= 0 || condition.contains("!=") || condition.contains("=~") || condition.contains("||")) {
        throw unsupported(query);
      }
      String key = stripScope(condition.substring(0, eq).trim());
      String value = condition.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      } else if (!value.matches("[A-Za-z0-9_.\\-]+")) {
        throw unsupported(query);
      }
      tags.put(key, value);
    }
    return tags;
  }

  /** {@code span.x}, {@code resource.x}, {@code .x} to {@code x}. */
  static String stripScope(String key) {
    if (key.startsWith("span.")) {
      return key.substring(5);
    }
    if (key.startsWith("resource.")) {
      return key.substring(9);
    }
    return key.startsWith(".") ? key.substring(1) : key;
  }

  private static java.util.List<String> splitAnd(String body, String query) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '"' && (i == 0 || body.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '&' && i + 1 < body.length() && body.charAt(i + 1) == '&') {
        parts.add(body.substring(from, i).trim());
        from = i + 2;
        i++;
      } else if (!quoted && (c == '|' || c == '>' || c == '<' || c == '(' || c == ')')) {
        throw unsupported(query);
      }
    }
    if (quoted) {
      throw unsupported(query);
    }
    parts.add(body.substring(from).trim());
    return parts;
  }

  private static IllegalArgumentException unsupported(String query) {
    return new IllegalArgumentException("pipescope answers only TraceQL of the form { a = \"x\" && b = 1 } "
        + "(equality on span/resource attributes, name and status); got: " + query);
  }
}
