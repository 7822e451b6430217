package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.query.promql.engine.PromqlException;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.query.promql.engine.Vector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A rule whose result is written back as series named {@code record} (rules/recording.go). */
public final class RecordingRule extends Rule {
  RecordingRule(RuleSpec spec) {
    super(spec);
  }

  @Override
  List<Sample> eval(long ts, long queryOffsetMillis, RuleQuery query, int limit) {
    long t = ts - queryOffsetMillis;
    Vector result = query.query(spec.expr(), t);
    List<Sample> out = new ArrayList<>(result.size());
    Set<Labels> seen = new HashSet<>();
    for (Sample s : result) {
      TreeMap<String, String> m = toMap(s.labels());
      m.put("__name__", spec.record());
      for (Map.Entry<String, String> l : spec.labels().entrySet()) {
        set(m, l.getKey(), l.getValue());
      }
      Labels labels = Labels.from(m);
      if (!seen.add(labels)) {
        throw new PromqlException("vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new Sample(labels, t, s.v()));
    }
    if (limit > 0 && out.size() > limit) {
      throw new PromqlException("exceeded limit " + limit + " with " + out.size() + " series");
    }
    return out;
  }
}
