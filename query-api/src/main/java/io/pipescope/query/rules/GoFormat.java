package io.pipescope.query.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code fmt} as Prometheus templates print with it: {@code %v} of a float (shortest digits,
 * exponent form from 1e+06 on, as strconv's 'g' with the shortest precision), {@code %.4g}, and
 * {@code printf} with the common verbs.
 */
final class GoFormat {
  private GoFormat() {}

  /** How Go prints a value with {@code %v} (and text/template prints an action's result). */
  static String value(Object v) {
    if (v == null || v == Template.NO_VALUE) {
      return "<no value>";
    }
    if (v instanceof Double d) {
      return g(d, -1);
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("map[");
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        b.append(value(e.getKey())).append(':').append(value(e.getValue()));
      }
      return b.append(']').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        b.append(i > 0 ? " " : "").append(value(l.get(i)));
      }
      return b.append(']').toString();
    }
    return v.toString();
  }

  /**
   * strconv.FormatFloat(v, 'g', prec, 64): {@code prec} significant digits (-1: the fewest that
   * read back exactly), trailing zeros dropped, exponent form when the exponent is below -4 or at
   * least the precision (6 for the shortest form).
   */
  static String g(double v, int prec) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal d;
    int eprec;
    if (prec < 0) {
      d = new BigDecimal(Double.toString(Math.abs(v))); // Java's shortest repr, as strconv's
      eprec = 6;
    } else {
      d = new BigDecimal(Math.abs(v)).round(new MathContext(Math.max(prec, 1), RoundingMode.HALF_EVEN));
      eprec = Math.max(prec, 1);
    }
    d = d.stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= eprec) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int ae = Math.abs(exp);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae;
    }
    return sign + d.toPlainString();
  }

  /** strconv.FormatFloat(v, 'e', -1, 64): the fewest digits that read back, in exponent form. */
  static String eShortest(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return v == 0 ? ((1 / v < 0) ? "-0e+00" : "0e+00") : g(v, -1);
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    int ae = Math.abs(exp);
    return (v < 0 ? "-" : "") + (digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1))
        + "e" + (exp < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae;
  }

  /** Go's fmt.Sprintf for the verbs %v %s %d %f %e %g %q %x %%, with flags, width and precision. */
  static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int argIndex = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int specStart = i;
      while (i < format.length() && "+-# 0.123456789".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      String spec = format.substring(specStart, i);
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argIndex >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(verb(spec, verb, args.get(argIndex++)));
    }
    if (argIndex < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argIndex; k < args.size(); k++) {
        out.append(k > argIndex ? ", " : "").append(typeName(args.get(k))).append('=').append(value(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String verb(String spec, char verb, Object arg) {
    switch (verb) {
      case 'v', 's':
        if (arg instanceof Double d && verb == 'v' && !spec.contains(".")) {
          return pad(spec, g(d, -1));
        }
        return String.format("%" + spec + "s", value(arg));
      case 'q':
        return pad(spec, quote(value(arg)));
      case 'd':
        if (arg instanceof Long || arg instanceof Integer) {
          return String.format("%" + spec + "d", arg);
        }
        return bad(verb, arg);
      case 'x':
        if (arg instanceof Long || arg instanceof Integer) {
          return String.format("%" + spec + "x", arg);
        }
        if (arg instanceof String s) {
          StringBuilder hex = new StringBuilder();
          for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(String.format("%02x", b));
          }
          return pad(spec, hex.toString());
        }
        return bad(verb, arg);
      case 'f', 'e', 'g':
        Double d = arg instanceof Number n ? n.doubleValue() : null;
        if (d == null) {
          return bad(verb, arg);
        }
        if (d.isNaN() || d.isInfinite()) {
          return pad(spec, g(d, -1));
        }
        if (verb == 'g') {
          int dot = spec.indexOf('.');
          int prec = dot < 0 ? -1 : Integer.parseInt("0" + spec.substring(dot + 1));
          return pad(dot < 0 ? spec : spec.substring(0, dot), g(d, prec));
        }
        return fixed(spec, verb, d);
      default:
        return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
    }
  }

  /**
   * %f and %e rounded half-to-even on the exact binary value, as Go does (Java's Formatter rounds
   * half up: 31.25 with %.1f is 31.2 in Go, 31.3 in Java).
   */
  private static String fixed(String spec, char verb, double d) {
    int dot = spec.indexOf('.');
    int prec = dot < 0 ? 6 : Integer.parseInt("0" + spec.substring(dot + 1));
    String flags = (dot < 0 ? spec : spec.substring(0, dot));
    BigDecimal exact = new BigDecimal(Math.abs(d));
    String body;
    if (verb == 'f') {
      body = exact.setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    } else if (exact.signum() == 0) {
      body = "0" + (prec > 0 ? "." + "0".repeat(prec) : "") + "e+00";
    } else {
      BigDecimal r = exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
      int exp = r.precision() - r.scale() - 1;
      String digits = r.unscaledValue().toString();
      digits = (digits + "0".repeat(prec + 1)).substring(0, prec + 1);
      int ae = Math.abs(exp);
      body = digits.charAt(0) + (prec > 0 ? "." + digits.substring(1) : "") + "e" + (exp < 0 ? "-" : "+")
          + (ae < 10 ? "0" : "") + ae;
    }
    String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
    String widthDigits = flags.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
    int width = widthDigits.isEmpty() ? 0 : Integer.parseInt(widthDigits);
    int padding = Math.max(0, width - sign.length() - body.length());
    if (flags.contains("-")) {
      return sign + body + " ".repeat(padding);
    }
    if (flags.replaceAll("[1-9].*", "").contains("0")) {
      return sign + "0".repeat(padding) + body;
    }
    return " ".repeat(padding) + sign + body;
  }

  private static String bad(char verb, Object arg) {
    return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
  }

  private static String pad(String spec, String s) {
    String width = spec.replaceAll("[^0-9.-]", "").replaceAll("\\..*", "");
    return width.isEmpty() || width.equals("-") ? s : String.format("%" + width + "s", s);
  }

  private static String typeName(Object v) {
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Long || v instanceof Integer) {
      return "int";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Map) {
      return "map[string]string";
    }
    return "<nil>";
  }

  /** Go's %q: a double-quoted string with Go escapes. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
