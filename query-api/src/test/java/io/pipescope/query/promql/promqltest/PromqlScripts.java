package io.pipescope.query.promql.promqltest;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.AlmostEqual;
import io.pipescope.query.promql.engine.FPoint;
import io.pipescope.query.promql.engine.Matrix;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Scalar;
import io.pipescope.query.promql.engine.Series;
import io.pipescope.query.promql.engine.StringValue;
import io.pipescope.query.promql.engine.Value;
import io.pipescope.query.promql.engine.ValueFormat;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.query.promql.parser.Durations;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Prometheus's PromQL test scripts (promqltest's language: {@code load}, {@code clear},
 * {@code eval} with {@code expect} lines) against {@link PromqlEngine}, comparing results as
 * test.go does: floats within a relative 1e-6, NaN equal to NaN, labels exact, order only when
 * {@code expect ordered}.
 */
public final class PromqlScripts {
  private static final Pattern INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT =
      Pattern.compile("^expect\\s+(fail|warn|info|ordered|no_warn|no_info)(?:\\s+(regex|msg):\\s*(.*))?$");
  private static final Pattern EXPECT_RANGE =
      Pattern.compile("^expect\\s+range\\s+vector\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)$");
  private static final Pattern EXPECT_STRING = Pattern.compile("^expect\\s+string\\s+(.*)$");
  private static final double EPSILON = 1e-6;
  private static final Pattern QUERY_RANGE_FUNCTIONS = Pattern.compile("\\b(step|range|start|end)\\(\\s*\\)");

  /** What happened to one eval. */
  public enum Outcome { PASSED, FAILED, SKIPPED }

  /** One eval's outcome; {@code detail} says why it failed. */
  public record EvalResult(String file, int line, String expr, Outcome outcome, String detail) {
    public String key() {
      return file + ":" + line;
    }
  }

  private record Expectation(String type, String matchType, String text) {
    boolean matches(String message) {
      if (matchType == null) {
        return true;
      }
      return matchType.equals("msg") ? message.equals(text) : Pattern.compile(text).matcher(message).find();
    }
  }

  private static final class Eval {
    int line;
    String expr;
    boolean range;
    long start;
    long end;
    long step;
    boolean ordered;
    final List<Expectation> expects = new ArrayList<>();
    final List<SeriesNotation> expected = new ArrayList<>();
    String expectedString;
    long[] rangeVector;
    boolean histograms;
  }

  private final PromqlEngine engine = new PromqlEngine(PromqlEngine.DEFAULT_LOOKBACK_MILLIS, 60_000,
      ParserOptions.ALL_FEATURES);

  /** Runs every eval of {@code script}; a failing eval named ({@code file:line}) in {@code skips} is skipped. */
  public List<EvalResult> run(Path script, Set<String> skips) throws IOException {
    String file = script.getFileName().toString();
    List<String> lines = new ArrayList<>();
    for (String raw : Files.readAllLines(script)) {
      String l = raw.strip();
      lines.add(l.startsWith("#") ? "" : l);
    }
    List<EvalResult> results = new ArrayList<>();
    Head head = new Head(HeadLog.NONE);
    boolean histogramsLoaded = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isEmpty()) {
        continue;
      }
      if (l.equals("clear")) {
        head = new Head(HeadLog.NONE);
        histogramsLoaded = false;
        continue;
      }
      if (l.startsWith("load")) {
        String[] parts = l.split("\\s+");
        long step = Durations.parse(parts[1]).toMillis();
        histogramsLoaded |= parts[0].equals("load_with_nhcb");
        // A series given twice in one load: the later values win, as Prometheus's loader has it.
        Map<Labels, java.util.TreeMap<Long, Double>> points = new java.util.LinkedHashMap<>();
        for (i++; i < lines.size() && !lines.get(i).isEmpty(); i++) {
          SeriesNotation s = SeriesNotation.parse(lines.get(i));
          histogramsLoaded |= s.histograms();
          java.util.TreeMap<Long, Double> byTime = points.computeIfAbsent(s.labels(), k -> new java.util.TreeMap<>());
          for (int j = 0; j < s.values().size(); j++) {
            if (s.values().get(j) != null) {
              byTime.put(j * step, s.values().get(j));
            }
          }
        }
        Appender app = head.appender();
        for (Map.Entry<Labels, java.util.TreeMap<Long, Double>> e : points.entrySet()) {
          for (Map.Entry<Long, Double> p : e.getValue().entrySet()) {
            try {
              app.append(0, e.getKey(), p.getKey(), p.getValue());
            } catch (RuntimeException | io.pipescope.aggregator.storage.SampleRejectedException ex) {
              // Samples before what an earlier load stored are dropped, as the head drops them.
            }
          }
        }
        try {
          app.commit();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        continue;
      }
      if (l.startsWith("eval")) {
        Eval ev = new Eval();
        ev.line = i + 1;
        ev.histograms = histogramsLoaded;
        boolean failOld = false;
        Matcher in = INSTANT.matcher(l);
        Matcher rg = RANGE.matcher(l);
        if (in.matches()) {
          failOld = "fail".equals(in.group(1));
          ev.ordered = "ordered".equals(in.group(1));
          ev.start = ev.end = time(in.group(2));
          ev.expr = in.group(3);
        } else if (rg.matches()) {
          failOld = "fail".equals(rg.group(1));
          ev.range = true;
          ev.start = time(rg.group(2));
          ev.end = time(rg.group(3));
          ev.step = time(rg.group(4));
          ev.expr = rg.group(5);
        } else {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": not an eval: " + l);
        }
        if (failOld) {
          ev.expects.add(new Expectation("fail", null, null));
        }
        for (i++; i < lines.size() && !lines.get(i).isEmpty(); i++) {
          String def = lines.get(i);
          Matcher ex = EXPECT.matcher(def);
          Matcher er = EXPECT_RANGE.matcher(def);
          Matcher es = EXPECT_STRING.matcher(def);
          if (ex.matches()) {
            String text = ex.group(3);
            if (text != null && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                && ex.group(1).equals("fail")) {
              text = text.substring(1, text.length() - 1);
            }
            ev.expects.add(new Expectation(ex.group(1), ex.group(2), text == null ? null : text.strip()));
            if (ex.group(1).equals("ordered")) {
              ev.ordered = true;
            }
          } else if (er.matches()) {
            ev.rangeVector = new long[] {time(er.group(1)), time(er.group(2)), time(er.group(3))};
          } else if (es.matches()) {
            String s = es.group(1).strip();
            ev.expectedString = s.substring(1, s.length() - 1);
          } else if (def.startsWith("expected_fail_message") || def.startsWith("expected_fail_regexp")) {
            continue;
          } else {
            SeriesNotation s = SeriesNotation.parse(def);
            ev.histograms |= s.histograms();
            ev.expected.add(s);
          }
        }
        String problem;
        try {
          problem = check(head, ev);
        } catch (RuntimeException | StackOverflowError e) {
          problem = "unexpected " + e;
        }
        // A skipped eval still runs, so that one that passes now shows as a stale skip.
        Outcome outcome = problem == null ? Outcome.PASSED
            : skips.contains(file + ":" + ev.line) ? Outcome.SKIPPED : Outcome.FAILED;
        results.add(new EvalResult(file, ev.line, ev.expr, outcome,
            problem == null ? null : (ev.histograms ? "[native histograms] " : "") + problem));
        continue;
      }
      throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown command: " + l);
    }
    return results;
  }

  private static long time(String s) {
    return Durations.parse(s.strip()).toMillis();
  }

  /** Null when the eval behaves as the script expects, else what differs. */
  private String check(Head head, Eval ev) {
    boolean expectFail = ev.expects.stream().anyMatch(e -> e.type().equals("fail"));
    PromqlEngine.Result result;
    try {
      result = ev.range ? engine.rangeQuery(head, ev.expr, ev.start, ev.end, ev.step)
          : engine.instantQuery(head, ev.expr, ev.start);
    } catch (RuntimeException e) {
      if (!(e instanceof io.pipescope.query.promql.engine.PromqlException)
          && !(e instanceof io.pipescope.query.promql.parser.ParseException)) {
        throw e;
      }
      if (!expectFail) {
        return "unexpected error: " + e.getMessage();
      }
      for (Expectation x : ev.expects) {
        if (x.type().equals("fail") && !x.matches(e.getMessage())) {
          return "error \"" + e.getMessage() + "\" does not match expected " + x.matchType() + " \"" + x.text() + "\"";
        }
      }
      return null;
    }
    if (expectFail) {
      return "expected an error, got result:\n" + result.value();
    }
    String annotations = checkAnnotations(ev, "warn", result.annotations().warnings());
    if (annotations == null) {
      annotations = checkAnnotations(ev, "info", result.annotations().infos());
    }
    if (annotations != null) {
      return annotations;
    }
    String problem = compare(ev, result.value());
    if (problem == null && !ev.range && (result.value() instanceof Vector || result.value() instanceof Scalar)) {
      problem = checkAtModifier(head, ev);
    }
    // Not for queries that read the query's own range: step(), range(), start(), end() differ there.
    if (problem != null || ev.range || ev.ordered || QUERY_RANGE_FUNCTIONS.matcher(ev.expr).find()
        || !(result.value() instanceof Vector || result.value() instanceof Scalar)) {
      return problem;
    }
    // As test.go does: the same query in range mode must give the same result at the eval time.
    long t = ev.start;
    PromqlEngine.Result ranged;
    try {
      ranged = engine.rangeQuery(head, ev.expr, t - 60_000, t + 60_000, 60_000);
    } catch (RuntimeException e) {
      return "range mode: unexpected error: " + e.getMessage();
    }
    Vector atT = new Vector();
    for (Series s : (Matrix) ranged.value()) {
      for (FPoint p : s.points()) {
        if (p.t() == t) {
          atT.add(new Sample(s.labels(), t, p.v()));
        }
      }
    }
    problem = result.value() instanceof Scalar ? compare(ev, new Scalar(t, atT.isEmpty() ? Double.NaN : atT.get(0).v()))
        : compare(ev, atT);
    return problem == null ? null : "range mode: " + problem;
  }

  /** The eval's result must not change when every selector is pinned to the eval time with {@code @}. */
  private String checkAtModifier(Head head, Eval ev) {
    for (AtModifierCases.Case c : AtModifierCases.of(ev.expr, ev.start)) {
      try {
        String problem = compare(ev, engine.instantQuery(head, c.expr(), c.evalTime()).value());
        if (problem != null) {
          return "with @ as " + c.expr() + " at " + c.evalTime() + ": " + problem;
        }
      } catch (RuntimeException e) {
        return "with @ as " + c.expr() + " at " + c.evalTime() + ": unexpected error: " + e.getMessage();
      }
    }
    return null;
  }

  private static String checkAnnotations(Eval ev, String type, Set<String> got) {
    List<Expectation> expects = ev.expects.stream().filter(e -> e.type().equals(type)).toList();
    if (ev.expects.stream().anyMatch(e -> e.type().equals("no_" + type)) && !got.isEmpty()) {
      return "expected no " + type + " annotations, got " + got;
    }
    for (Expectation x : expects) {
      if (got.stream().noneMatch(x::matches)) {
        return "expected " + type + " annotation " + (x.text() == null ? "" : "\"" + x.text() + "\"") + ", got " + got;
      }
    }
    if (!expects.isEmpty()) {
      for (String g : got) {
        if (expects.stream().noneMatch(x -> x.matches(g))) {
          return "unexpected " + type + " annotation \"" + g + "\"";
        }
      }
    }
    return null;
  }

  private static String compare(Eval ev, Value value) {
    if (ev.expectedString != null) {
      if (value instanceof StringValue s && s.v().equals(ev.expectedString)) {
        return null;
      }
      return "expected string \"" + ev.expectedString + "\", got " + value;
    }
    if (value instanceof Scalar s) {
      if (ev.expected.size() != 1 || ev.expected.get(0).values().size() != 1) {
        return "expected " + ev.expected.size() + " series, got scalar " + s;
      }
      double want = ev.expected.get(0).values().get(0);
      return almostEqual(want, s.v()) ? null : "expected scalar " + ValueFormat.number(want) + ", got " + s;
    }
    if (value instanceof Vector v) {
      return compareVector(ev, v);
    }
    if (value instanceof Matrix m) {
      long start = ev.start;
      long step = ev.step;
      if (!ev.range) {
        if (ev.rangeVector == null) {
          return "got a range vector without 'expect range vector'";
        }
        start = ev.rangeVector[0];
        step = ev.rangeVector[2];
      }
      return compareMatrix(ev, m, start, step);
    }
    return "unexpected result " + value;
  }

  private static String compareVector(Eval ev, Vector v) {
    if (v.size() != ev.expected.size()) {
      return "expected " + ev.expected.size() + " samples, got " + v.size() + ":\n" + v;
    }
    Map<Labels, Integer> position = new HashMap<>();
    for (int i = 0; i < ev.expected.size(); i++) {
      position.put(ev.expected.get(i).labels(), i);
    }
    for (int i = 0; i < v.size(); i++) {
      Sample s = v.get(i);
      Integer at = position.get(s.labels());
      if (at == null) {
        return "unexpected sample " + ValueFormat.labels(s.labels()) + " " + ValueFormat.number(s.v()) + " in:\n" + v;
      }
      if (ev.ordered && at != i) {
        return "expected " + ValueFormat.labels(s.labels()) + " at position " + at + ", got it at " + i + ":\n" + v;
      }
      SeriesNotation exp = ev.expected.get(at);
      if (exp.values().size() != 1 || exp.values().get(0) == null) {
        return "expected for " + ValueFormat.labels(s.labels()) + ": " + exp.values();
      }
      if (!almostEqual(exp.values().get(0), s.v())) {
        return "expected " + ValueFormat.number(exp.values().get(0)) + " for " + ValueFormat.labels(s.labels())
            + ", got " + ValueFormat.number(s.v());
      }
    }
    return null;
  }

  private static String compareMatrix(Eval ev, Matrix m, long start, long step) {
    Map<Labels, SeriesNotation> expected = new HashMap<>();
    for (SeriesNotation s : ev.expected) {
      expected.put(s.labels(), s);
    }
    if (m.size() != expected.size()) {
      return "expected " + expected.size() + " series, got " + m.size() + ":\n" + m;
    }
    for (Series s : m) {
      SeriesNotation exp = expected.get(s.labels());
      if (exp == null) {
        return "unexpected series " + ValueFormat.labels(s.labels()) + " in:\n" + m;
      }
      List<FPoint> want = new ArrayList<>();
      for (int i = 0; i < exp.values().size(); i++) {
        Double v = exp.values().get(i);
        if (v != null) {
          want.add(new FPoint(start + i * step, v));
        }
      }
      List<FPoint> got = s.points();
      if (want.size() != got.size()) {
        return "expected " + want.size() + " points for " + ValueFormat.labels(s.labels()) + ", got " + got.size()
            + ": " + got;
      }
      for (int i = 0; i < want.size(); i++) {
        if (want.get(i).t() != got.get(i).t() || !almostEqual(want.get(i).v(), got.get(i).v())) {
          return "expected " + want + " for " + ValueFormat.labels(s.labels()) + ", got " + got;
        }
      }
    }
    return null;
  }

  private static boolean almostEqual(double a, double b) {
    return AlmostEqual.almostEqual(a, b, EPSILON);
  }
}
