package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Scalar;
import io.pipescope.query.promql.engine.Value;
import io.pipescope.query.promql.engine.Vector;
import io.pipescope.query.promql.parser.Durations;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.StaleMarker;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runs a {@code promtool test rules} file against pipescope's rules and engine, as promtool's
 * unittest.go does: input series from time 0 at the test's interval, every group evaluated at each
 * evaluation_interval step, {@code exp_alerts} compared with the firing alerts of the step that
 * covers {@code eval_time}, {@code exp_samples} queried after the run. Returns the differences.
 */
final class PromtoolRuleTests {
  private static final Pattern EXPANDING = Pattern.compile("^(.+?)([+-])([^x+\\-][^x]*)x(\\d+)$");
  private static final Pattern REPEAT = Pattern.compile("^(.+)x(\\d+)$");

  private PromtoolRuleTests() {}

  @SuppressWarnings("unchecked")
  static List<String> run(Path testFile) throws Exception {
    Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(testFile));
    long evalInterval = millis(doc.getOrDefault("evaluation_interval", "1m"));
    List<RuleGroupSpec> specs = new ArrayList<>();
    for (Object f : (List<Object>) doc.get("rule_files")) {
      for (Path p : RuleFiles.expand(List.of(testFile.resolveSibling(f.toString()).toString()))) {
        specs.addAll(RuleFiles.load(p));
      }
    }
    List<String> failures = new ArrayList<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) doc.get("tests")) {
      String name = String.valueOf(test.getOrDefault("name", ""));
      long interval = millis(test.getOrDefault("interval", doc.getOrDefault("evaluation_interval", "1m")));
      Head head = new Head(HeadLog.NONE);
      Appender app = head.appender();
      for (Map<String, Object> s : (List<Map<String, Object>>) test.getOrDefault("input_series", List.of())) {
        Labels labels = labels(s.get("series").toString());
        List<Double> values = values(s.get("values").toString());
        for (int i = 0; i < values.size(); i++) {
          if (values.get(i) != null) {
            app.append(0, labels, i * interval, values.get(i));
          }
        }
      }
      app.commit();
      Map<String, String> external = (Map<String, String>) test.getOrDefault("external_labels", Map.of());
      String externalUrl = String.valueOf(test.getOrDefault("external_url", ""));
      List<RuleGroup> groups = new ArrayList<>();
      for (RuleGroupSpec spec : specs) {
        groups.add(new RuleGroup(spec, evalInterval, external, externalUrl));
      }
      PromqlEngine engine = new PromqlEngine();
      RuleQuery query = RuleQuery.of(engine, head);
      List<Map<String, Object>> alertTests =
          (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of());
      List<Map<String, Object>> exprTests =
          (List<Map<String, Object>>) test.getOrDefault("promql_expr_test", List.of());
      long maxt = 0;
      for (Map<String, Object> t : alertTests) {
        maxt = Math.max(maxt, millis(t.get("eval_time")));
      }
      for (Map<String, Object> t : exprTests) {
        maxt = Math.max(maxt, millis(t.get("eval_time")));
      }
      for (long ts = 0; ts <= maxt; ts += evalInterval) {
        for (RuleGroup g : groups) {
          g.eval(ts, query, head);
        }
        for (Map<String, Object> t : alertTests) {
          long at = millis(t.get("eval_time"));
          if (ts <= at && at < ts + evalInterval) {
            String alertname = t.get("alertname").toString();
            List<String> want = new ArrayList<>();
            for (Map<String, Object> e : (List<Map<String, Object>>) t.getOrDefault("exp_alerts", List.of())) {
              Map<String, String> l = new TreeMap<>((Map<String, String>) e.getOrDefault("exp_labels", Map.of()));
              l.put("alertname", alertname);
              want.add(l + " " + new TreeMap<>((Map<String, String>) e.getOrDefault("exp_annotations", Map.of())));
            }
            List<String> got = new ArrayList<>();
            for (RuleGroup g : groups) {
              for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar && ar.name().equals(alertname)) {
                  for (Alert.Snapshot a : ar.activeAlerts()) {
                    if (a.state() == AlertState.FIRING) {
                      got.add(Rule.toMap(a.labels()) + " " + Rule.toMap(a.annotations()));
                    }
                  }
                }
              }
            }
            want.sort(null);
            got.sort(null);
            if (!want.equals(got)) {
              failures.add(name + ": " + alertname + " at " + t.get("eval_time") + ": want " + want + ", got " + got);
            }
          }
        }
      }
      for (Map<String, Object> t : exprTests) {
        String expr = t.get("expr").toString();
        Value v = engine.instantQuery(head, expr, millis(t.get("eval_time"))).value();
        List<String> got = new ArrayList<>();
        if (v instanceof Scalar s) {
          got.add("{} " + s.v());
        } else {
          for (Sample s : (Vector) v) {
            got.add(Rule.toMap(s.labels()) + " " + round(s.v()));
          }
        }
        List<String> want = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) t.getOrDefault("exp_samples", List.of())) {
          Object l = e.get("labels");
          want.add(Rule.toMap(l == null ? Labels.empty() : labels(l.toString())) + " "
              + round(Double.parseDouble(e.get("value").toString())));
        }
        want.sort(null);
        got.sort(null);
        if (!want.equals(got)) {
          failures.add(name + ": " + expr + " at " + t.get("eval_time") + ": want " + want + ", got " + got);
        }
      }
    }
    return failures;
  }

  /** Values compared to 9 significant digits, as promtool tolerates float noise. */
  private static String round(double v) {
    return Double.isFinite(v) ? String.format("%.9g", v) : Double.toString(v);
  }

  private static long millis(Object duration) {
    return Durations.parseNanos(duration.toString()) / 1_000_000;
  }

  static Labels labels(String series) {
    TreeMap<String, String> m = new TreeMap<>();
    for (LabelMatcher lm : ((VectorSelector) Parser.parseExpr(series)).matchers()) {
      m.put(lm.name(), lm.value());
    }
    return Labels.from(m);
  }

  /** Prometheus's expanding notation: {@code 1+2x3} is 1 3 5 7, {@code 5x2} is 5 5 5, {@code _} a gap. */
  static List<Double> values(String notation) {
    List<Double> out = new ArrayList<>();
    for (String tok : notation.trim().split("\\s+")) {
      if (tok.isEmpty()) {
        continue;
      }
      if (tok.equals("_") || tok.equals("stale")) {
        out.add(tok.equals("_") ? null : StaleMarker.VALUE);
        continue;
      }
      if (tok.startsWith("_x")) {
        for (int j = 0; j < Integer.parseInt(tok.substring(2)); j++) {
          out.add(null);
        }
        continue;
      }
      Matcher e = EXPANDING.matcher(tok);
      if (e.matches()) {
        double a = Double.parseDouble(e.group(1));
        double b = Double.parseDouble(e.group(3)) * (e.group(2).equals("-") ? -1 : 1);
        for (int j = 0; j <= Integer.parseInt(e.group(4)); j++) {
          out.add(a + j * b);
        }
        continue;
      }
      Matcher r = REPEAT.matcher(tok);
      if (r.matches()) {
        for (int j = 0; j <= Integer.parseInt(r.group(2)); j++) {
          out.add(Double.parseDouble(r.group(1)));
        }
        continue;
      }
      out.add(Double.parseDouble(tok));
    }
    return out;
  }
}
