package io.pipescope.query.promql.promqltest;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's series notation ({@code metric{a="b"} 1+2x10 _ stale -3 _x2}): labels, then values
 * where {@code _} is a missing point (null), {@code a+bxn} expands to n+1 values, {@code _xn} to n
 * missing points. Native histograms ({@code {{...}}}) become missing points and set {@code histograms}.
 */
record SeriesNotation(Labels labels, List<Double> values, boolean histograms) {
  private static final Pattern EXPANDING = Pattern.compile("^(.+?)([+-])([^x+\\-][^x]*)x(\\d+)$");
  private static final Pattern REPEAT = Pattern.compile("^(.+)x(\\d+)$");

  static SeriesNotation parse(String line) {
    line = line.strip();
    int i = 0;
    while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
        || line.charAt(i) == ':')) {
      i++;
    }
    Labels labels;
    String rest;
    boolean startsWithNumber = i > 0 && !Character.isLetter(line.charAt(0)) && line.charAt(0) != '_'
        && line.charAt(0) != ':';
    boolean bareNumber = i > 0 && (startsWithNumber || isNumberWord(line.substring(0, i)));
    if (line.startsWith("{{") || line.startsWith("-") || line.startsWith("+") || line.startsWith(".")
        || bareNumber || (i > 0 && line.substring(0, i).equals("_")) || line.startsWith("stale")) {
      labels = Labels.empty();
      rest = line;
    } else {
      if (i < line.length() && line.charAt(i) == '{') {
        i = closingBrace(line, i) + 1;
      }
      labels = labels(line.substring(0, i));
      rest = line.substring(i);
    }
    List<Double> values = new ArrayList<>();
    boolean histograms = false;
    List<String> tokens = tokens(rest);
    for (String tok : tokens) {
      if (tok.startsWith("{{")) {
        histograms = true;
        values.add(null);
        continue;
      }
      expand(tok, values);
    }
    return new SeriesNotation(labels, values, histograms);
  }

  private static boolean isNumberWord(String w) {
    String l = w.toLowerCase();
    return l.equals("inf") || l.equals("nan");
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (s.startsWith("{{", i)) {
        int end = s.indexOf("}}", i);
        i = end < 0 ? s.length() : end + 2;
        // A histogram may repeat: {{...}}x3 or {{...}}+{{...}}x3.
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
          if (s.startsWith("{{", i)) {
            int e = s.indexOf("}}", i);
            i = e < 0 ? s.length() : e + 2;
          } else {
            i++;
          }
        }
        out.add(s.substring(start, i));
        continue;
      }
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      out.add(s.substring(start, i));
    }
    return out;
  }

  private static void expand(String tok, List<Double> values) {
    if (tok.equals("_")) {
      values.add(null);
      return;
    }
    if (tok.equals("stale")) {
      values.add(StaleMarker.VALUE);
      return;
    }
    if (tok.startsWith("_x")) {
      int n = Integer.parseInt(tok.substring(2));
      for (int j = 0; j < n; j++) {
        values.add(null);
      }
      return;
    }
    {
      Matcher m = EXPANDING.matcher(tok);
      if (m.matches() && !m.group(1).endsWith("e") && !m.group(1).endsWith("E")) {
        double a = number(m.group(1));
        double b = number(m.group(3));
        if (m.group(2).equals("-")) {
          b = -b;
        }
        int n = Integer.parseInt(m.group(4));
        for (int j = 0; j <= n; j++) {
          values.add(a + j * b);
        }
        return;
      }
      Matcher r = REPEAT.matcher(tok);
      if (r.matches()) {
        double a = r.group(1).equals("stale") ? StaleMarker.VALUE : number(r.group(1));
        int n = Integer.parseInt(r.group(2));
        for (int j = 0; j <= n; j++) {
          values.add(a);
        }
        return;
      }
    }
    values.add(number(tok));
  }

  static double number(String s) {
    String l = s.toLowerCase();
    switch (l) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {
        if (l.startsWith("0x") || l.startsWith("-0x") || l.startsWith("+0x")) {
          boolean neg = l.startsWith("-");
          String hex = l.substring(l.indexOf('x') + 1);
          double v = Long.parseLong(hex, 16);
          return neg ? -v : v;
        }
        return Double.parseDouble(s);
      }
    }
  }

  private static int closingBrace(String s, int open) {
    char quote = 0;
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '}') {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed braces in " + s);
  }

  static Labels labels(String metric) {
    if (metric.equals("{}")) {
      return Labels.empty();
    }
    Expr e = Parser.parseExpr(metric, ParserOptions.ALL_FEATURES);
    TreeMap<String, String> m = new TreeMap<>();
    for (LabelMatcher lm : ((VectorSelector) e).matchers()) {
      m.put(lm.name(), lm.value());
    }
    return Labels.from(m);
  }
}
