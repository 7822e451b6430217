package io.pipescope.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file: its sections and, per section, each key's values in order (keys may repeat). */
public record SystemdUnit(Map<String, Map<String, List<String>>> sections) {
  public static SystemdUnit parse(Path file) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> section = null;
    try {
      for (String line : Files.readAllLines(file)) {
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
          continue;
        }
        if (t.startsWith("[") && t.endsWith("]")) {
          section = sections.computeIfAbsent(t.substring(1, t.length() - 1), s -> new LinkedHashMap<>());
          continue;
        }
        int eq = t.indexOf('=');
        if (section == null || eq <= 0) {
          throw new AssertionError(file + ": not a key=value line in a section: " + line);
        }
        section.computeIfAbsent(t.substring(0, eq).trim(), k -> new ArrayList<>()).add(t.substring(eq + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SystemdUnit(sections);
  }

  /** The last value of a key (the one systemd uses for single-valued settings), or null. */
  public String value(String section, String key) {
    List<String> values = values(section, key);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  public List<String> values(String section, String key) {
    return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
  }
}
