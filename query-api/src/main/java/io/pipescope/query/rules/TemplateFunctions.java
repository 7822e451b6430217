package io.pipescope.query.rules;

import java.util.List;
import java.util.Map;

/**
 * The functions templates may call: Prometheus's (template/template.go) and text/template's
 * built-ins that alert templates use. A new function is one entry in {@link #TABLE}.
 */
final class TemplateFunctions {
  @FunctionalInterface
  interface Function {
    Object apply(List<Object> args) throws TemplateException;
  }

  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

  static final Map<String, Function> TABLE = Map.ofEntries(
      Map.entry("humanize", args -> humanize(number("humanize", args))),
      Map.entry("humanize1024", args -> humanize1024(number("humanize1024", args))),
      Map.entry("humanizeDuration", args -> humanizeDuration(number("humanizeDuration", args))),
      Map.entry("humanizePercentage", args -> GoFormat.g(number("humanizePercentage", args) * 100, 4) + "%"),
      Map.entry("printf", args -> {
        if (args.isEmpty() || !(args.get(0) instanceof String f)) {
          throw new TemplateException("printf needs a format string");
        }
        return GoFormat.sprintf(f, args.subList(1, args.size()));
      }),
      Map.entry("toUpper", args -> string("toUpper", args).toUpperCase(java.util.Locale.ROOT)),
      Map.entry("toLower", args -> string("toLower", args).toLowerCase(java.util.Locale.ROOT)),
      Map.entry("not", args -> !Template.truth(one("not", args))),
      Map.entry("eq", args -> compare("eq", args) == 0),
      Map.entry("ne", args -> compare("ne", args) != 0),
      Map.entry("lt", args -> compare("lt", args) < 0),
      Map.entry("le", args -> compare("le", args) <= 0),
      Map.entry("gt", args -> compare("gt", args) > 0),
      Map.entry("ge", args -> compare("ge", args) >= 0));

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
