package io.pipescope.aggregator.internal.otlpmetrics;

/**
 * Turns an OTLP attribute key into a Prometheus label name as Prometheus 3 does by default
 * (otlptranslator's LabelNamer with {@code label_name_underscore_sanitization: true} and
 * {@code label_name_preserve_multiple_underscores: true}): each character outside
 * {@code [a-zA-Z0-9_]} becomes {@code _}, a leading digit gets {@code key_}, a single leading
 * {@code _} gets {@code key}; names starting {@code __} are kept (reserved names pass through).
 */
final class LabelNamer {
  private LabelNamer() {}

  /** The label name, or null when the key is empty or only underscores are left. */
  static String build(String key) {
    if (key.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      sb.append(isValidLabelChar(cp) ? (char) cp : '_');
      i += Character.charCount(cp);
    }
    String name = sb.toString();
    if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
      name = "key_" + name;
    } else if (name.startsWith("_") && !name.startsWith("__")) {
      name = "key" + name;
    }
    return name.chars().allMatch(c -> c == '_') ? null : name;
  }

  private static boolean isValidLabelChar(int cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  }
}
