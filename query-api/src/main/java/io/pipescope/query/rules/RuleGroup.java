package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.query.promql.engine.Sample;
import io.pipescope.store.Queryable;
import io.pipescope.store.StaleMarker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules evaluated together, in order, at one timestamp per interval (rules/group.go). Each rule's
 * samples are written in one batch; a series a rule wrote last time but not now gets a staleness
 * marker, so that it ends at once instead of five minutes later.
 */
public final class RuleGroup {
  private final RuleGroupSpec spec;
  private final long intervalMillis;
  private final List<Rule> rules;
  private final List<Set<Labels>> seriesInPreviousEval;
  private long lastEvaluation = Alert.NEVER;
  private long evaluationNanos;
  private long rejectedSamples;
  private boolean restorePending;
  private long evaluations;
  private long ruleFailures;

  /**
   * @param defaultIntervalMillis the interval of a group whose file gives none
   * @param externalLabels what alert templates see as {@code $externalLabels}
   */
  public RuleGroup(RuleGroupSpec spec, long defaultIntervalMillis, Map<String, String> externalLabels,
      String externalUrl) {
    this.spec = spec;
    this.intervalMillis = spec.intervalMillis() > 0 ? spec.intervalMillis() : defaultIntervalMillis;
    List<Rule> list = new ArrayList<>();
    for (RuleSpec r : spec.rules()) {
      list.add(r.isAlerting() ? new AlertingRule(r, externalLabels, externalUrl) : new RecordingRule(r));
    }
    this.rules = List.copyOf(list);
    this.seriesInPreviousEval = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      seriesInPreviousEval.add(Set.of());
    }
  }

  public String name() {
    return spec.name();
  }

  public String file() {
    return spec.file();
  }

  public RuleGroupSpec spec() {
    return spec;
  }

  public long intervalMillis() {
    return intervalMillis;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The latest time at or before {@code nowMillis} on this group's evaluation grid. */
  public long evalTimestamp(long nowMillis) {
    return GroupAlignment.evalTimestamp(spec.file(), spec.name(), intervalMillis, nowMillis);
  }

  /**
   * Evaluates every rule at {@code ts} and writes their samples to {@code appendable}. A rule that
   * fails records its error and writes nothing (its series are not marked stale); the others go on.
   */
  public void eval(long ts, RuleQuery query, Appendable appendable) {
    eval(ts, query, appendable, AlertSender.NONE, RuleManager.RESEND_DELAY_MILLIS);
  }

  /**
   * As above; after each alerting rule that evaluated without error, the alerts due to be sent
   * go to {@code sender} (firing ones again every {@code resendDelayMillis}).
   */
  public synchronized void eval(long ts, RuleQuery query, Appendable appendable, AlertSender sender,
      long resendDelayMillis) {
    long groupStart = System.nanoTime();
    long staleAt = ts - spec.queryOffsetMillis();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      long start = System.nanoTime();
      List<Sample> samples;
      try {
        samples = rule.eval(ts, spec.queryOffsetMillis(), query, spec.limit());
      } catch (RuntimeException e) {
        rule.recordEvaluation(ts, System.nanoTime() - start, e.getMessage() == null ? e.toString() : e.getMessage());
        continue;
      }
      Set<Labels> returned = new HashSet<>();
      Appender app;
      try {
        app = appendable.appender();
      } catch (RuntimeException e) {
        rule.recordEvaluation(ts, System.nanoTime() - start, "writing rule results: " + e.getMessage());
        continue;
      }
      String error = null;
      for (Sample s : samples) {
        returned.add(s.labels());
        error = append(app, s.labels(), s.t(), s.v(), error);
      }
      for (Labels gone : seriesInPreviousEval.get(i)) {
        if (!returned.contains(gone)) {
          error = append(app, gone, staleAt, StaleMarker.VALUE, error);
        }
      }
      try {
        app.commit();
      } catch (IOException e) {
        app.rollback();
        error = "writing rule results: " + e.getMessage();
      }
      seriesInPreviousEval.set(i, returned);
      rule.recordEvaluation(ts, System.nanoTime() - start, error);
      if (rule instanceof AlertingRule alerting) {
        alerting.sendAlerts(ts, resendDelayMillis, intervalMillis, sender);
      }
    }
    lastEvaluation = ts;
    evaluationNanos = System.nanoTime() - groupStart;
    evaluations++;
    for (Rule r : rules) {
      ruleFailures += r.health() == RuleHealth.BAD ? 1 : 0;
    }
  }

  /** Rule evaluations since the group was loaded (Prometheus's prometheus_rule_evaluations_total). */
  public synchronized long ruleEvaluations() {
    // Every evaluation evaluates every rule, and a group's rules never change.
    return evaluations * rules.size();
  }

  /** Rule evaluations that failed since the group was loaded. */
  public synchronized long ruleFailures() {
    return ruleFailures;
  }

  /** A sample the store refuses (out of order, duplicate) is counted, as Prometheus only logs it. */
  private String append(Appender app, Labels labels, long t, double v, String error) {
    try {
      app.append(0, labels, t, v);
    } catch (SampleRejectedException e) {
      rejectedSamples++;
    } catch (RuntimeException e) {
      return error != null ? error : "writing rule results: " + e.getMessage();
    }
    return error;
  }

  /** Ends every series this group wrote at its last evaluation, for a group that is removed. */
  synchronized void markStale(long ts, Appendable appendable) {
    Appender app = appendable.appender();
    for (Set<Labels> series : seriesInPreviousEval) {
      for (Labels l : series) {
        append(app, l, ts, StaleMarker.VALUE, null);
      }
    }
    try {
      app.commit();
    } catch (IOException e) {
      app.rollback();
    }
  }

  /**
   * Start-up: the alerting rules write no alert series until {@link #restoreIfDue} gives their
   * alerts back the {@code activeAt} they had before the restart.
   */
  synchronized void awaitRestore() {
    restorePending = true;
    for (Rule r : rules) {
      if (r instanceof AlertingRule ar) {
        ar.awaitRestore();
      }
    }
  }

  /**
   * Restores alert state once the group has been evaluated twice after start-up (the first
   * evaluation may run before the store holds enough recent data), as Prometheus does.
   */
  synchronized void restoreIfDue(long now, Queryable history, long outageToleranceMillis, long gracePeriodMillis) {
    if (!restorePending || evaluations < 2) {
      return;
    }
    for (Rule r : rules) {
      if (r instanceof AlertingRule ar) {
        ar.restoreForState(now, history, outageToleranceMillis, gracePeriodMillis);
      }
    }
    restorePending = false;
  }

  /** Takes over the alerts, health and written series of the group this one replaces on reload. */
  synchronized void copyState(RuleGroup from) {
    synchronized (from) {
      lastEvaluation = from.lastEvaluation;
      evaluationNanos = from.evaluationNanos;
      // Rules are matched by name, the n-th of a name to the n-th, as Prometheus's CopyState does.
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        int nth = 0;
        for (int k = 0; k < i; k++) {
          nth += rules.get(k).name().equals(r.name()) ? 1 : 0;
        }
        for (int j = 0; j < from.rules.size(); j++) {
          Rule old = from.rules.get(j);
          if (old.name().equals(r.name()) && nth-- == 0) {
            r.copyHealth(old);
            seriesInPreviousEval.set(i, from.seriesInPreviousEval.get(j));
            if (r instanceof AlertingRule ar && old instanceof AlertingRule oldAr) {
              ar.copyAlerts(oldAr);
            }
            break;
          }
        }
      }
    }
  }

  /** The evaluation timestamp of the last evaluation, or {@link Alert#NEVER}. */
  public synchronized long lastEvaluation() {
    return lastEvaluation;
  }

  public synchronized long evaluationNanos() {
    return evaluationNanos;
  }

  /** Samples the store refused (out of order or duplicate) since the group was loaded. */
  public synchronized long rejectedSamples() {
    return rejectedSamples;
  }
}
