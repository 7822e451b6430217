package io.pipescope.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of the YAML configuration, read by typed getters that remember which keys they
 * read, so that {@link #rejectUnknownKeys()} can name any key nobody asked for (a typo must stop
 * start-up, not be ignored).
 */
public final class ConfigTree {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w|y)");

  private final String path;
  private final Map<String, Object> values;
  private final Map<String, ConfigTree> children = new LinkedHashMap<>();
  private final TreeSet<String> read = new TreeSet<>();

  private ConfigTree(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  public static ConfigTree root(Map<String, Object> values) {
    return new ConfigTree("", values);
  }

  public ConfigTree section(String key) {
    read.add(key);
    return children.computeIfAbsent(key, k -> {
      Object v = values.get(k);
      if (v == null) {
        return new ConfigTree(qualified(k), new LinkedHashMap<>());
      }
      if (!(v instanceof Map<?, ?> map)) {
        throw new ConfigException(qualified(k) + ": expected a section (key: value lines), got '" + v + "'");
      }
      Map<String, Object> typed = new LinkedHashMap<>();
      map.forEach((mk, mv) -> typed.put(String.valueOf(mk), mv));
      return new ConfigTree(qualified(k), typed);
    });
  }

  /** A list of sections, such as {@code webhooks: [{name: chat, url: ...}]}; each is checked for unknown keys. */
  public List<ConfigTree> sections(String key) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(qualified(key) + ": expected a list of sections (- key: value), got '" + v + "'");
    }
    List<ConfigTree> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String childPath = qualified(key) + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new ConfigException(childPath + ": expected a section (key: value lines), got '" + list.get(i) + "'");
      }
      Map<String, Object> typed = new LinkedHashMap<>();
      map.forEach((mk, mv) -> typed.put(String.valueOf(mk), mv));
      ConfigTree child = new ConfigTree(childPath, typed);
      children.put(key + "[" + i + "]", child);
      out.add(child);
    }
    return out;
  }

  public String string(String key, String fallback) {
    return get(key, fallback, v -> {
      if (v instanceof Map || v instanceof List) {
        throw new IllegalArgumentException("expected a single value");
      }
      return String.valueOf(v);
    }, "a string");
  }

  /**
   * A required URL, such as a receiver's.
   *
   * @throws IllegalArgumentException when it is missing or not a URL (report with {@link #build})
   */
  public java.net.URI url(String key) {
    String text = string(key, "");
    if (text.isEmpty()) {
      throw new IllegalArgumentException(key + " is required");
    }
    try {
      return new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(key + " is not a URL: " + e.getMessage());
    }
  }

  public boolean bool(String key, boolean fallback) {
    return get(key, fallback, v -> {
      if (v instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException("expected true or false");
    }, "true or false");
  }

  public int integer(String key, int fallback) {
    return get(key, fallback, v -> Math.toIntExact(parseLong(v)), "a whole number");
  }

  /** A byte size: a whole number of bytes, or with a unit: 512KiB, 4MiB, 1GiB (KB/MB/GB are 1000-based). */
  public long bytes(String key, long fallback) {
    return get(key, fallback, ConfigTree::parseBytes, "a size such as 4194304, 512KiB or 4MiB");
  }

  /** A duration in Prometheus's style: 250ms, 30s, 1m, 1h30m, 90d, 2w, 1y. */
  public Duration duration(String key, Duration fallback) {
    return get(key, fallback, ConfigTree::parseDuration, "a duration such as 250ms, 30s, 5m or 1h30m");
  }

  public double[] doubles(String key, double[] fallback) {
    return get(key, fallback, v -> {
      if (!(v instanceof List<?> list)) {
        throw new IllegalArgumentException("expected a list");
      }
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Double.parseDouble(String.valueOf(list.get(i)));
      }
      return out;
    }, "a list of numbers such as [0.1, 0.5, 1, 5]");
  }

  /** A list of strings, such as {@code [service.namespace, k8s.cluster.name]}. */
  public List<String> stringList(String key, List<String> fallback) {
    return get(key, fallback, v -> {
      if (!(v instanceof List<?> list)) {
        throw new IllegalArgumentException("expected a list");
      }
      List<String> out = new ArrayList<>();
      list.forEach(item -> out.add(String.valueOf(item)));
      return out;
    }, "a list such as [service.namespace, k8s.cluster.name]");
  }

  /** A mapping of names to lists of strings, such as {@code deploy: [deploy, release]}. */
  public Map<String, List<String>> stringLists(String key, Map<String, List<String>> fallback) {
    return get(key, fallback, v -> {
      if (!(v instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("expected a mapping");
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      map.forEach((k, list) -> {
        if (!(list instanceof List<?> items)) {
          throw new IllegalArgumentException("expected lists");
        }
        List<String> strings = new ArrayList<>();
        items.forEach(item -> strings.add(String.valueOf(item)));
        out.put(String.valueOf(k), strings);
      });
      return out;
    }, "a mapping of names to lists, such as {deploy: [deploy, release]}");
  }

  /** A mapping of names to strings, such as {@code team: team.name}. */
  public Map<String, String> strings(String key, Map<String, String> fallback) {
    return get(key, fallback, v -> {
      if (!(v instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("expected a mapping");
      }
      Map<String, String> out = new LinkedHashMap<>();
      map.forEach((k, value) -> {
        if (value instanceof Map || value instanceof List || value == null) {
          throw new IllegalArgumentException("expected single values");
        }
        out.put(String.valueOf(k), String.valueOf(value));
      });
      return out;
    }, "a mapping of names to values, such as {team: team.name}");
  }

  /** Runs a record's constructor checks, reporting a failure against this section. */
  public <T> T build(java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException((path.isEmpty() ? "" : path + ": ") + e.getMessage());
    }
  }

  /** Fails on the first key, here or in a section below, that no getter read. */
  public void rejectUnknownKeys() {
    List<String> unknown = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        unknown.add(qualified(key));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown configuration key" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + "; known keys" + (path.isEmpty() ? "" : " in " + path) + ": "
          + String.join(", ", read));
    }
    for (ConfigTree child : children.values()) {
      child.rejectUnknownKeys();
    }
  }

  private <T> T get(String key, T fallback, Function<Object, T> parse, String expected) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return parse.apply(v);
    } catch (RuntimeException e) {
      throw new ConfigException(qualified(key) + ": expected " + expected + ", got '" + v + "'");
    }
  }

  private String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static long parseLong(Object v) {
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    return Long.parseLong(String.valueOf(v).trim());
  }

  static long parseBytes(Object v) {
    if (v instanceof Number) {
      return parseLong(v);
    }
    Matcher m = SIZE.matcher(String.valueOf(v).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor = switch (unit) {
      case "B" -> 1L;
      case "KB" -> 1000L;
      case "KIB" -> 1024L;
      case "MB" -> 1000L * 1000;
      case "MIB" -> 1024L * 1024;
      case "GB" -> 1000L * 1000 * 1000;
      case "GIB" -> 1024L * 1024 * 1024;
      default -> throw new IllegalArgumentException("unit");
    };
    return Math.multiplyExact(n, factor);
  }

  /** A duration as the configuration writes it: {@code 250ms}, {@code 30s}, {@code 1h30m}. */
  public static Duration parseDuration(Object v) {
    String s = String.valueOf(v).trim();
    Matcher m = DURATION.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration");
      }
      double amount = Double.parseDouble(m.group(1));
      long millis = Math.round(amount * switch (m.group(2)) {
        case "ms" -> 1L;
        case "s" -> 1000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 7 * 86_400_000L;
        default -> 365 * 86_400_000L; // y, as Prometheus counts a year
      });
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException("not a duration");
    }
    return total;
  }
}
