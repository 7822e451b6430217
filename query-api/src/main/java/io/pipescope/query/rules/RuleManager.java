package io.pipescope.query.rules;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.store.Queryable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Loads the groups of the configured rule files and evaluates each on its interval
 * (rules/manager.go). A reload that finds any invalid file changes nothing: the rules already
 * loaded keep running and the problems are returned and kept for the API.
 */
public final class RuleManager implements AutoCloseable, MetricSource {
  /** How far back ALERTS_FOR_STATE is read at start-up (Prometheus's --rules.alert.for-outage-tolerance). */
  public static final long OUTAGE_TOLERANCE_MILLIS = 60 * 60 * 1000;
  /** The least time a restored pending alert still waits (--rules.alert.for-grace-period). */
  public static final long FOR_GRACE_PERIOD_MILLIS = 10 * 60 * 1000;
  /** How often a firing alert is sent again (--rules.alert.resend-delay). */
  public static final long RESEND_DELAY_MILLIS = 60 * 1000;

  /**
   * @param files rule file paths or globs
   * @param defaultIntervalMillis the interval of groups that give none (Prometheus's
   *     global.evaluation_interval, 1 minute by default)
   * @param outageToleranceMillis how far back alert state is read at start-up
   * @param forGracePeriodMillis the least time a restored pending alert still waits
   * @param resendDelayMillis how often a firing alert is sent again
   */
  public record Options(List<String> files, long defaultIntervalMillis, Map<String, String> externalLabels,
      String externalUrl, long outageToleranceMillis, long forGracePeriodMillis, long resendDelayMillis) {
    public Options {
      files = List.copyOf(files);
      externalLabels = Map.copyOf(externalLabels);
    }

    /** With Prometheus's default resend delay (1 m). */
    public Options(List<String> files, long defaultIntervalMillis, Map<String, String> externalLabels,
        String externalUrl, long outageToleranceMillis, long forGracePeriodMillis) {
      this(files, defaultIntervalMillis, externalLabels, externalUrl, outageToleranceMillis, forGracePeriodMillis,
          RESEND_DELAY_MILLIS);
    }

    /** With Prometheus's default outage tolerance (1 h), grace period (10 m) and resend delay (1 m). */
    public Options(List<String> files, long defaultIntervalMillis, Map<String, String> externalLabels,
        String externalUrl) {
      this(files, defaultIntervalMillis, externalLabels, externalUrl, OUTAGE_TOLERANCE_MILLIS,
          FOR_GRACE_PERIOD_MILLIS);
    }
  }

  /** A loaded group and the evaluation time it waits for. */
  private static final class Scheduled {
    final RuleGroup group;
    long next;

    Scheduled(RuleGroup group, long next) {
      this.group = group;
      this.next = next;
    }
  }

  private final Options options;
  private final RuleQuery query;
  private final Appendable appendable;
  private final Clock clock;
  private final Queryable history;
  private final AlertSender sender;
  /** True once the start-up load is done: groups loaded later (reloads) are not restored, as Prometheus. */
  private boolean loadedOnce;
  private final Object evalLock = new Object();
  private volatile List<Scheduled> groups = List.of();
  private volatile List<RuleFileException.Problem> lastReloadProblems = List.of();
  private ScheduledExecutorService scheduler;
  private volatile String lastSchedulerError = "";

  public RuleManager(Options options, RuleQuery query, Appendable appendable, Clock clock) {
    this(options, query, appendable, clock, null);
  }

  /**
   * With {@code history} (may be null: no restore) to read {@code ALERTS_FOR_STATE} from, so the
   * alerts of the groups loaded at start-up continue where they were before a restart.
   */
  public RuleManager(Options options, RuleQuery query, Appendable appendable, Clock clock, Queryable history) {
    this(options, query, appendable, clock, history, AlertSender.NONE);
  }

  /** As above, with the alerts due after each evaluation handed to {@code sender}. */
  public RuleManager(Options options, RuleQuery query, Appendable appendable, Clock clock, Queryable history,
      AlertSender sender) {
    this.sender = sender;
    this.history = history;
    this.options = options;
    this.query = query;
    this.appendable = appendable;
    this.clock = clock;
  }

  /**
   * Reads every rule file again. When all are valid, the new groups replace the old ones (a group
   * kept by file and name keeps its alerts, health and schedule; a removed group's series are
   * marked stale) and the result is empty; otherwise nothing changes and the problems are returned.
   */
  public List<RuleFileException.Problem> reload() {
    List<RuleGroupSpec> specs = new ArrayList<>();
    List<RuleFileException.Problem> problems = new ArrayList<>();
    try {
      for (Path file : RuleFiles.expand(options.files())) {
        try {
          specs.addAll(RuleFiles.load(file));
        } catch (RuleFileException e) {
          problems.addAll(e.problems());
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(new RuleFileException.Problem(String.join(",", options.files()), 0, 0,
          "cannot list rule files: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      lastReloadProblems = List.copyOf(problems);
      return lastReloadProblems;
    }
    synchronized (evalLock) {
      long now = clock.millis();
      Map<String, Scheduled> old = new HashMap<>();
      for (Scheduled s : groups) {
        old.put(key(s.group.file(), s.group.name()), s);
      }
      List<Scheduled> next = new ArrayList<>();
      for (RuleGroupSpec spec : specs) {
        RuleGroup g = new RuleGroup(spec, options.defaultIntervalMillis(), options.externalLabels(),
            options.externalUrl());
        Scheduled previous = old.remove(key(spec.file(), spec.name()));
        if (previous != null) {
          g.copyState(previous.group);
        } else if (!loadedOnce && history != null) {
          g.awaitRestore();
        }
        // Prometheus evaluates a new group first at its next aligned time after the load.
        long first = g.evalTimestamp(now) + g.intervalMillis();
        next.add(new Scheduled(g, previous != null && previous.group.intervalMillis() == g.intervalMillis()
            ? previous.next : first));
      }
      for (Scheduled removed : old.values()) {
        removed.group.markStale(now, appendable);
      }
      groups = List.copyOf(next);
      loadedOnce = true;
      lastReloadProblems = List.of();
    }
    return List.of();
  }

  private static String key(String file, String name) {
    return file + "\u0000" + name;
  }

  /**
   * Evaluates every group whose evaluation time has come, at that time; a group that missed
   * several (a pause, a slow evaluation) is evaluated once, at the latest, as Prometheus does.
   *
   * @return how many groups were evaluated
   */
  public int runDue() {
    synchronized (evalLock) {
      long now = clock.millis();
      int evaluated = 0;
      for (Scheduled s : groups) {
        if (now < s.next) {
          continue;
        }
        long interval = s.group.intervalMillis();
        long ts = s.next + (now - s.next) / interval * interval;
        s.group.eval(ts, query, appendable, sender, options.resendDelayMillis());
        if (history != null) {
          s.group.restoreIfDue(now, history, options.outageToleranceMillis(), options.forGracePeriodMillis());
        }
        s.next = ts + interval;
        evaluated++;
      }
      return evaluated;
    }
  }

  /** Evaluates due groups on a daemon thread, checking every {@code tickMillis}. */
  public synchronized void start(long tickMillis) {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rule-evaluation");
      t.setDaemon(true);
      return t;
    });
    // An exception escaping a scheduled task would cancel it: evaluation must go on after one.
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        runDue();
      } catch (RuntimeException e) {
        lastSchedulerError = e.toString();
      }
    }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  public List<RuleGroup> groups() {
    return groups.stream().map(s -> s.group).toList();
  }

  /** The last exception that escaped a scheduled evaluation, or "". */
  public String lastSchedulerError() {
    return lastSchedulerError;
  }

  /** The problems of the last reload, empty when it succeeded. */
  public List<RuleFileException.Problem> lastReloadProblems() {
    return lastReloadProblems;
  }

  /** The rule engine's health, as Prometheus's prometheus_rule_* metrics; {@code rule_group} is "file;name". */
  @Override
  public void collect(MetricCollector c) {
    List<RuleGroup> loaded = groups();
    c.family("pipescope_rules_last_reload_successful", MetricType.GAUGE,
        "Whether the last reload of the rule files succeeded (1) or was rejected (0).");
    c.sample(Labels.empty(), lastReloadProblems.isEmpty() ? 1 : 0);
    groupFamily(c, loaded, "pipescope_rule_evaluations", MetricType.COUNTER,
        "Rule evaluations since the group was loaded.", g -> (double) g.ruleEvaluations());
    groupFamily(c, loaded, "pipescope_rule_evaluation_failures", MetricType.COUNTER,
        "Rule evaluations that failed since the group was loaded.", g -> (double) g.ruleFailures());
    groupFamily(c, loaded, "pipescope_rule_group_samples_rejected", MetricType.COUNTER,
        "Rule results the store refused (out of order, duplicate).", g -> (double) g.rejectedSamples());
    groupFamily(c, loaded, "pipescope_rule_group_rules", MetricType.GAUGE,
        "Rules in the group.", g -> (double) g.rules().size());
    groupFamily(c, loaded, "pipescope_rule_group_interval_seconds", MetricType.GAUGE,
        "The group's evaluation interval.", g -> g.intervalMillis() / 1000.0);
    groupFamily(c, loaded, "pipescope_rule_group_last_duration_seconds", MetricType.GAUGE,
        "How long the group's last evaluation took.", g -> g.evaluationNanos() / 1e9);
    groupFamily(c, loaded, "pipescope_rule_group_last_evaluation_timestamp_seconds", MetricType.GAUGE,
        "The time of the group's last evaluation (0: not yet).",
        g -> g.lastEvaluation() == Alert.NEVER ? 0 : g.lastEvaluation() / 1000.0);
  }

  private static void groupFamily(MetricCollector c, List<RuleGroup> groups, String name, MetricType type,
      String help, ToDoubleFunction<RuleGroup> value) {
    c.family(name, type, help);
    for (RuleGroup g : groups) {
      c.sample(Labels.of("rule_group", g.file() + ";" + g.name()), value.applyAsDouble(g));
    }
  }

  /** Groups, rules and alerts as /api/v1/rules and /api/v1/alerts show them. */
  public RulesSnapshot snapshot() {
    return RulesSnapshot.of(groups());
  }
}
