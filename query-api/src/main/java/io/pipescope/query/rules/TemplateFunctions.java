package io.pipescope.query.rules;

import io.pipescope.query.promql.parser.Durations;
import java.util.List;
import java.util.Map;

/**
 * The functions templates may call: Prometheus's (template/template.go) and text/template's
 * built-ins that alert templates use. A new function is one entry in {@link #TABLE}.
 */
final class TemplateFunctions {
  @FunctionalInterface
  interface Function {
    Object apply(List<Object> args, Template.AlertData data) throws TemplateException;
  }

  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

  static final Map<String, Function> TABLE = Map.ofEntries(
      Map.entry("humanize", (args, data) -> humanize(number("humanize", args))),
      Map.entry("humanize1024", (args, data) -> humanize1024(number("humanize1024", args))),
      Map.entry("humanizeDuration", (args, data) -> humanizeDuration(number("humanizeDuration", args))),
      Map.entry("humanizePercentage", (args, data) -> GoFormat.g(number("humanizePercentage", args) * 100, 4) + "%"),
      Map.entry("printf", (args, data) -> {
        if (args.isEmpty() || !(args.get(0) instanceof String f)) {
          throw new TemplateException("printf needs a format string");
        }
        return GoFormat.sprintf(f, args.subList(1, args.size()));
      }),
      Map.entry("toUpper", (args, data) -> string("toUpper", args).toUpperCase(java.util.Locale.ROOT)),
      Map.entry("toLower", (args, data) -> string("toLower", args).toLowerCase(java.util.Locale.ROOT)),
      Map.entry("not", (args, data) -> !Template.truth(one("not", args))),
      Map.entry("eq", (args, data) -> compare("eq", args) == 0),
      Map.entry("ne", (args, data) -> compare("ne", args) != 0),
      Map.entry("lt", (args, data) -> compare("lt", args) < 0),
      Map.entry("le", (args, data) -> compare("le", args) <= 0),
      Map.entry("gt", (args, data) -> compare("gt", args) > 0),
      Map.entry("ge", (args, data) -> compare("ge", args) >= 0),
      Map.entry("len", (args, data) -> {
        Object v = one("len", args);
        return (long) (v instanceof String s ? s.length() : v instanceof List<?> l ? l.size()
            : v instanceof Map<?, ?> m ? m.size() : 0);
      }),
      Map.entry("index", (args, data) -> {
        if (args.size() != 2 || !(args.get(0) instanceof Map<?, ?> m)) {
          throw new TemplateException("index of a map by one key only");
        }
        return m.containsKey(args.get(1)) ? m.get(args.get(1)) : Template.missing(m);
      }),
      Map.entry("query", TemplateFunctions::query),
      Map.entry("first", (args, data) -> {
        if (!(one("first", args) instanceof List<?> l)) {
          throw new TemplateException("first() called on a non-vector");
        }
        if (l.isEmpty()) {
          throw new TemplateException("first() called on vector with no elements");
        }
        return l.get(0);
      }),
      Map.entry("label", (args, data) -> {
        if (args.size() != 2 || !(args.get(1) instanceof Map<?, ?> sample)
            || !(sample.get("Labels") instanceof Map<?, ?> labels)) {
          throw new TemplateException("label takes a label name and a sample");
        }
        Object v = labels.get(args.get(0));
        return v == null ? "" : v;
      }),
      Map.entry("value", (args, data) -> {
        if (!(one("value", args) instanceof Map<?, ?> sample) || !sample.containsKey("Value")) {
          throw new TemplateException("value takes a sample");
        }
        return sample.get("Value");
      }),
      Map.entry("sortByLabel", (args, data) -> {
        if (args.size() != 2 || !(args.get(1) instanceof List<?> l)) {
          throw new TemplateException("sortByLabel takes a label name and a query result");
        }
        List<Object> sorted = new java.util.ArrayList<>(l);
        sorted.sort(java.util.Comparator.comparing(x -> {
          Object v = ((Map<?, ?>) ((Map<?, ?>) x).get("Labels")).get(args.get(0));
          return v == null ? "" : v.toString();
        }));
        return sorted;
      }),
      Map.entry("title", (args, data) -> title(string("title", args))),
      Map.entry("match", (args, data) -> {
        if (args.size() != 2) {
          throw new TemplateException("match takes a pattern and a string");
        }
        return com.google.re2j.Pattern.compile(GoFormat.value(args.get(0))).matcher(GoFormat.value(args.get(1))).find();
      }),
      Map.entry("reReplaceAll", (args, data) -> {
        if (args.size() != 3) {
          throw new TemplateException("reReplaceAll takes a pattern, a replacement and a string");
        }
        return com.google.re2j.Pattern.compile(GoFormat.value(args.get(0))).matcher(GoFormat.value(args.get(2)))
            .replaceAll(GoFormat.value(args.get(1)));
      }),
      Map.entry("stripPort", (args, data) -> {
        String s = string("stripPort", args);
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[") && s.contains("]")) {
          return s.substring(1, s.indexOf(']'));
        }
        return colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
      }),
      Map.entry("humanizeTimestamp", (args, data) -> humanizeTimestamp(number("humanizeTimestamp", args))),
      Map.entry("tableLink", (args, data) -> ExpressionLinks.table(string("tableLink", args))),
      Map.entry("graphLink", (args, data) -> ExpressionLinks.graph(string("graphLink", args))),
      Map.entry("externalURL", (args, data) -> data == null ? "" : data.externalUrl()),
      Map.entry("pathPrefix", (args, data) -> data == null ? "" : pathOf(data.externalUrl())),
      Map.entry("urlquery", (args, data) -> {
        StringBuilder joined = new StringBuilder();
        for (Object a : args) {
          joined.append(GoFormat.value(a));
        }
        return ExpressionLinks.queryEscape(joined.toString());
      }),
      Map.entry("safeHtml", (args, data) -> string("safeHtml", args)),
      Map.entry("stripDomain", (args, data) -> stripDomain(string("stripDomain", args))),
      Map.entry("parseDuration", (args, data) -> {
        try {
          return Durations.parse(string("parseDuration", args)).toNanos() / 1e9;
        } catch (RuntimeException e) {
          throw new TemplateException("parseDuration: " + e.getMessage());
        }
      }),
      Map.entry("toTime", (args, data) -> {
        double seconds = number("toTime", args);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
          throw new TemplateException("cannot convert " + GoFormat.g(seconds, -1) + " to time");
        }
        return humanizeTimestamp(seconds);
      }));

  private static String pathOf(String url) {
    try {
      String path = java.net.URI.create(url).getRawPath();
      return path == null ? "" : path;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** {@code host.domain:port} to {@code host:port}; IP addresses unchanged (Prometheus's stripDomain). */
  private static String stripDomain(String hostPort) {
    String host = hostPort;
    String port = "";
    int colon = hostPort.lastIndexOf(':');
    if (hostPort.startsWith("[") || (colon > 0 && hostPort.indexOf(':') == colon)) {
      if (hostPort.startsWith("[")) {
        return hostPort;
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
    } else if (colon > 0) {
      return hostPort; // an IPv6 address
    }
    if (host.matches("[0-9.]+")) {
      return hostPort;
    }
    int dot = host.indexOf('.');
    String shortHost = dot < 0 ? host : host.substring(0, dot);
    return port.isEmpty() && colon < 0 ? shortHost : shortHost + ":" + port;
  }

  /**
   * Runs a PromQL query at the alert's evaluation time; the result is a list of samples, each a map
   * with {@code Labels} and {@code Value}, as Prometheus's queryResult.
   */
  private static Object query(List<Object> args, Template.AlertData data) throws TemplateException {
    String q = string("query", args);
    if (data == null || data.query() == null) {
      throw new TemplateException("query is not available here");
    }
    io.pipescope.query.promql.engine.Vector v;
    try {
      v = data.query().query(q, data.evalTimeMillis());
    } catch (RuntimeException e) {
      throw new TemplateException("error executing query: " + e.getMessage());
    }
    List<Object> out = new java.util.ArrayList<>();
    for (io.pipescope.query.promql.engine.Sample s : v) {
      out.add(Map.of("Labels", Rule.toMap(s.labels()), "Value", s.v()));
    }
    return out;
  }

  /** Go's strings.Title: the first letter of each word in upper case. */
  static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return b.toString();
  }

  /** Go's time.Time default format in UTC: {@code 2026-11-20 15:45:00.5 +0000 UTC}. */
  static String humanizeTimestamp(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.g(v, 4);
    }
    long nanos = Math.round(v * 1e9);
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        (int) Math.floorMod(nanos, 1_000_000_000L), java.time.ZoneOffset.UTC);
    String base = t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return base + (frac.isEmpty() ? "" : "." + frac) + " +0000 UTC";
  }

  private TemplateFunctions() {}

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.g(v, 4);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
    } else {
      for (String p : SMALL) {
        if (Math.abs(v) >= 1) {
          break;
        }
        prefix = p;
        v *= 1000;
      }
    }
    return GoFormat.g(v, 4) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.g(v, 4);
    }
    String prefix = "";
    for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return GoFormat.g(v, 4) + prefix;
  }

  static String humanizeDuration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFormat.g(v, 4);
    }
    if (v == 0) {
      return GoFormat.g(v, 4) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long duration = (long) v;
      long seconds = duration % 60;
      long minutes = (duration / 60) % 60;
      long hours = (duration / 3600) % 24;
      long days = duration / 86400;
      // From minutes up, seconds are shown as a whole number; below, with 4 significant digits.
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + GoFormat.g(v, 4) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return GoFormat.g(v, 4) + prefix + "s";
  }

  private static Object one(String fn, List<Object> args) throws TemplateException {
    if (args.size() != 1) {
      throw new TemplateException("wrong number of args for " + fn + ": want 1 got " + args.size());
    }
    return args.get(0);
  }

  private static String string(String fn, List<Object> args) throws TemplateException {
    return GoFormat.value(one(fn, args));
  }

  /** Prometheus's convertToFloat: numbers as they are, strings parsed. */
  private static double number(String fn, List<Object> args) throws TemplateException {
    Object v = one(fn, args);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new TemplateException("error calling " + fn + ": strconv.ParseFloat: parsing "
            + GoFormat.quote(s) + ": invalid syntax");
      }
    }
    throw new TemplateException("error calling " + fn + ": can't convert " + GoFormat.value(v) + " to float");
  }

  private static int compare(String fn, List<Object> args) throws TemplateException {
    if (args.size() != 2) {
      throw new TemplateException("wrong number of args for " + fn + ": want 2 got " + args.size());
    }
    Object a = args.get(0);
    Object b = args.get(1);
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (fn.equals("eq") || fn.equals("ne")) {
      return java.util.Objects.equals(a, b) ? 0 : 1;
    }
    throw new TemplateException("error calling " + fn + ": incompatible types for comparison");
  }
}
