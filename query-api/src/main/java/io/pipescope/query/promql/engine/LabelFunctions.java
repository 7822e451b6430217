package io.pipescope.query.promql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** label_replace, label_join and the sorting functions. */
final class LabelFunctions {
  private LabelFunctions() {}

  private static String string(Evaluator ev, Expr e, long t) {
    return ((StringValue) ev.eval(e, t)).v();
  }

  static Value labelReplace(Evaluator ev, Call c, long t) {
    Vector in = ev.evalVector(c.args().get(0), t);
    String dst = string(ev, c.args().get(1), t);
    String repl = string(ev, c.args().get(2), t);
    String src = string(ev, c.args().get(3), t);
    String regex = string(ev, c.args().get(4), t);
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new PromqlException("invalid regular expression in label_replace(): " + regex);
    }
    if (!Aggregations.validLabelName(dst)) {
      throw new PromqlException("invalid destination label name in label_replace(): " + dst);
    }
    Vector out = new Vector();
    for (Sample s : in) {
      String srcVal = s.labels().get(src);
      Matcher m = pattern.matcher(srcVal == null ? "" : srcVal);
      if (!m.matches()) {
        out.add(s);
        continue;
      }
      String value = expand(repl, m);
      Labels l = set(s.labels(), dst, value);
      out.add(new Sample(l, s.t(), s.v(), s.dropName() && !dst.equals("__name__")));
    }
    checkDuplicates(out);
    return out;
  }

  static Value labelJoin(Evaluator ev, Call c, long t) {
    Vector in = ev.evalVector(c.args().get(0), t);
    String dst = string(ev, c.args().get(1), t);
    String sep = string(ev, c.args().get(2), t);
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < c.args().size(); i++) {
      String src = string(ev, c.args().get(i), t);
      if (!Aggregations.validLabelName(src)) {
        throw new PromqlException("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!Aggregations.validLabelName(dst)) {
      throw new PromqlException("invalid destination label name in label_join(): " + dst);
    }
    Vector out = new Vector();
    for (Sample s : in) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        String v = s.labels().get(srcs.get(i));
        sb.append(v == null ? "" : v);
      }
      out.add(new Sample(set(s.labels(), dst, sb.toString()), s.t(), s.v(),
          s.dropName() && !dst.equals("__name__")));
    }
    checkDuplicates(out);
    return out;
  }

  private static void checkDuplicates(Vector v) {
    Set<Evaluator.SeriesKey> seen = new HashSet<>();
    for (Sample s : v) {
      if (!seen.add(new Evaluator.SeriesKey(s.labels(), s.dropName()))) {
        throw new PromqlException("vector cannot contain metrics with the same labelset");
      }
    }
  }

  static Labels set(Labels l, String name, String value) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < l.size(); i++) {
      m.put(l.name(i), l.value(i));
    }
    if (value.isEmpty()) {
      m.remove(name);
    } else {
      m.put(name, value);
    }
    return Labels.from(m);
  }

  /** Go's Regexp.ExpandString: $1, ${1}, $name, ${name}; $$ is a dollar; unknown groups are empty. */
  static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= template.length()) {
        out.append(ch);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || close == i + 2 || !isName(template.substring(i + 2, close))) {
          out.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          out.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        end = j;
      }
      out.append(group(m, name));
      i = end;
    }
    return out.toString();
  }

  private static String group(Matcher m, String name) {
    String g = null;
    if (name.chars().allMatch(Character::isDigit)) {
      try {
        int n = Integer.parseInt(name);
        if (n <= m.groupCount()) {
          g = m.group(n);
        }
      } catch (NumberFormatException e) {
        g = null;
      }
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException e) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }

  private static boolean isName(String s) {
    return s.chars().allMatch(ch -> isNameChar((char) ch));
  }

  private static boolean isNameChar(char ch) {
    return ch == '_' || Character.isLetterOrDigit(ch);
  }

  static Value sort(Evaluator ev, Call c, long t, boolean desc) {
    Vector in = ev.evalVector(c.args().get(0), t);
    warnIfRange(ev, c);
    List<Sample> out = new ArrayList<>(in);
    // NaN last either way, as Prometheus's sort and sort_desc order them.
    out.sort((a, b) -> {
      boolean na = Double.isNaN(a.v());
      boolean nb = Double.isNaN(b.v());
      if (na || nb) {
        return Boolean.compare(na, nb);
      }
      return desc ? Double.compare(b.v(), a.v()) : Double.compare(a.v(), b.v());
    });
    return new Vector(out);
  }

  static Value sortByLabel(Evaluator ev, Call c, long t, boolean desc) {
    Vector in = ev.evalVector(c.args().get(0), t);
    warnIfRange(ev, c);
    List<String> names = new ArrayList<>();
    for (int i = 1; i < c.args().size(); i++) {
      names.add(string(ev, c.args().get(i), t));
    }
    List<Sample> out = new ArrayList<>(in);
    Comparator<Sample> byAll = (a, b) -> io.pipescope.store.LabelsOrder.INSTANCE.compare(a.labels(), b.labels());
    Comparator<Sample> byNamed = (a, b) -> {
      for (String n : names) {
        String va = a.labels().get(n);
        String vb = b.labels().get(n);
        va = va == null ? "" : va;
        vb = vb == null ? "" : vb;
        if (!va.equals(vb)) {
          return NaturalOrder.compare(va, vb);
        }
      }
      return 0;
    };
    // Ties on the named labels fall back to the full label set, in the same direction.
    Comparator<Sample> order = (a, b) -> {
      int r = byNamed.compare(a, b);
      return r != 0 ? r : byAll.compare(a, b);
    };
    out.sort(desc ? order.reversed() : order);
    return new Vector(out);
  }

  private static void warnIfRange(Evaluator ev, Call c) {
    if (ev.rangeQuery) {
      ev.annotations.warn("sort is ineffective for range queries since results are always ordered by labels",
          c.positionRange());
    }
  }
}
