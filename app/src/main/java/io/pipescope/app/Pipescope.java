package io.pipescope.app;

import io.pipescope.aggregator.FactoryAggregator;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.SpanMetricsAggregator;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.Restorable;
import io.pipescope.aggregator.storage.MetricsFlusher;
import io.pipescope.app.config.AlertingConfig;
import io.pipescope.app.config.ConfigException;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.config.RulesConfig;
import io.pipescope.app.config.StorageConfig;
import io.pipescope.ingest.IngestServer;
import io.pipescope.query.ApiBackends;
import io.pipescope.query.HttpApiServer;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.query.promql.parser.ParserOptions;
import io.pipescope.query.notifier.NotificationManager;
import io.pipescope.query.rules.AlertSender;
import io.pipescope.query.rules.RuleFileException;
import io.pipescope.query.rules.RuleManager;
import io.pipescope.query.rules.RuleQuery;
import io.pipescope.remotewrite.RemoteWriter;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.spanlog.SpanLog;
import io.pipescope.store.traces.TraceStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A running pipescope: the composition root where ingest, aggregation, storage and the API are
 * wired together, and the order they start and stop in.
 *
 * <p>With storage on, spans pass through the span log (durable before they are aggregated and
 * acknowledged), the aggregators' metrics are flushed into the store, and on start every counter
 * continues from its stored value and the span batches after the last flush are replayed.
 */
public final class Pipescope implements AutoCloseable {
  /** How often the rule scheduler looks for groups due; groups keep their own intervals. */
  private static final long RULE_SCHEDULER_TICK_MILLIS = 250;

  private final PipescopeConfig config;
  private final SpanMetricsAggregator spanMetrics;
  private final FactoryAggregator factory;
  private final SpanConsumer aggregators;
  private final IngestServer ingest;
  private final HttpApiServer api;
  private final List<MetricSource> sources = new ArrayList<>();
  private final TimeSeriesStore store;
  private final TraceStore traces;
  private final RuleManager rules;
  private final NotificationManager notifier;
  private final RemoteWriter remoteWriter;
  private volatile SpanLog spanLog;
  private MetricsFlusher flusher;
  private boolean closed;

  /**
   * {@code store} is null when storage is off (remote_write is then not served); {@code traces}
   * when storage or the span store is off (the trace API is then not served); {@code remoteWriter}
   * when no remote_write receiver is configured.
   */
  private Pipescope(PipescopeConfig config, TimeSeriesStore store, TraceStore traces, RemoteWriter remoteWriter) {
    this.config = config;
    this.store = store;
    this.traces = traces;
    this.remoteWriter = remoteWriter;
    this.spanMetrics = new SpanMetricsAggregator(config.spanMetrics());
    this.factory = new FactoryAggregator(config.factory());
    // The span store comes last: it never refuses a batch (the aggregators have counted it).
    this.aggregators = SpanConsumer.fanOut(traces == null ? List.of(spanMetrics, factory)
        : List.of(spanMetrics, factory, traces));
    // Spans reach the aggregators through the span log once it is open (storage on).
    SpanConsumer spans = batch -> {
      SpanLog log = spanLog;
      (log != null ? log : aggregators).consume(batch);
    };
    this.ingest = store == null
        ? new IngestServer(config.ingest(), spans)
        : new IngestServer(config.ingest(), spans, store, config.otlpMetrics());
    sources.addAll(List.of(factory, spanMetrics, ingest.metrics(), new ProcessMetrics(), this::collectStorage));
    if (traces != null) {
      sources.add(traces);
    }
    if (remoteWriter != null) {
      sources.add(remoteWriter);
    }
    boolean evaluatesRules = store != null && !config.rules().files().isEmpty();
    this.notifier = evaluatesRules && config.alerting().notifierOptions().sendsAnywhere()
        ? new NotificationManager(config.alerting().notifierOptions(), Clock.systemUTC()) : null;
    this.rules = evaluatesRules ? ruleManager(config, store, notifier == null ? AlertSender.NONE : notifier) : null;
    if (rules != null) {
      sources.add(rules);
    }
    if (notifier != null) {
      sources.add(notifier);
    }
    this.api = new HttpApiServer(config.api(), sources, ApiBackends.NONE
        .withAdmin(config.api().enableAdmin() ? store : null)
        .withQueryable(store)
        .withRules(rules == null ? null : rules::snapshot)
        .withReloader(this::reloadRules)
        .withTraces(traces));
  }

  /**
   * Reads the rule files again (SIGHUP, {@code POST /-/reload}); the list of files itself is read
   * at start only.
   *
   * @throws IllegalStateException naming every problem when a file is rejected; the rules loaded
   *     before keep running
   */
  public void reloadRules() {
    if (rules == null) {
      return;
    }
    List<RuleFileException.Problem> problems = rules.reload();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(new RuleFileException(problems).getMessage());
    }
  }

  /**
   * Rules query the store through the same engine as the API and write their results back into
   * it; at start-up their alerts continue from the ALERTS_FOR_STATE stored before the restart.
   */
  private static RuleManager ruleManager(PipescopeConfig config, TimeSeriesStore store, AlertSender sender) {
    RulesConfig r = config.rules();
    AlertingConfig a = config.alerting();
    PromqlEngine engine = new PromqlEngine(config.api().queryLimits().lookback().toMillis(),
        r.evaluationInterval().toMillis(), ParserOptions.DEFAULT);
    return new RuleManager(new RuleManager.Options(r.files(), r.evaluationInterval().toMillis(), a.externalLabels(),
            a.externalUrl(), r.alertForOutageTolerance().toMillis(), r.alertForGracePeriod().toMillis(),
            a.resendDelay().toMillis()),
        RuleQuery.of(engine, store), store, Clock.systemUTC(), store, sender);
  }

  /**
   * Loads the rule files; as Prometheus, a rule file that does not load stops start-up with every
   * problem named, rather than running without the alerts the operator expects.
   */
  private void loadRules() {
    if (rules == null) {
      return;
    }
    try {
      reloadRules();
    } catch (IllegalStateException e) {
      throw new ConfigException("rule files do not load: " + e.getMessage());
    }
    if (notifier != null) {
      notifier.start();
    }
    rules.start(RULE_SCHEDULER_TICK_MILLIS);
  }

  /** Starts the API first, so pipescope can be watched before the first span arrives. */
  public static Pipescope start(PipescopeConfig config) throws IOException {
    TimeSeriesStore store = openStorage(config.storage());
    TraceStore traces = null;
    RemoteWriter remoteWriter;
    try {
      traces = openTraces(config);
      remoteWriter = startRemoteWrite(config, store);
      if (store != null) {
        // After remote write holds the WAL segments it has not sent, so no checkpoint takes them first.
        store.startMaintenance();
      }
    } catch (IOException | RuntimeException e) {
      if (traces != null) {
        traces.close();
      }
      if (store != null) {
        store.close();
      }
      throw e;
    }
    Pipescope p = new Pipescope(config, store, traces, remoteWriter);
    try {
      p.continueFromStorage();
      p.loadRules();
      p.api.start();
      p.ingest.start();
      if (p.flusher != null) {
        p.flusher.start();
      }
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * Seeds every counter and histogram from its newest stored value before any span arrives, so
   * after a restart they continue where they stopped and {@code rate()} sees no reset; then
   * replays the span batches the last flush did not cover, and opens the span log for new ones.
   */
  private void continueFromStorage() throws IOException {
    if (store == null) {
      return;
    }
    List<Restorable> restorables = new ArrayList<>();
    for (MetricSource source : sources) {
      if (source instanceof Restorable r) {
        restorables.add(r);
      }
    }
    long[] checkpoint = {0};
    store.forEachLatest((labels, t, value) -> {
      String name = labels.get("__name__");
      if (name == null || Double.isNaN(value)) {
        return;
      }
      if (name.equals(SpanLog.CHECKPOINT_METRIC)) {
        checkpoint[0] = (long) value;
        return;
      }
      Labels rest = labels.without("__name__");
      for (Restorable r : restorables) {
        r.restore(name, rest, value);
      }
    });
    StorageConfig storage = config.storage();
    SpanLog log = SpanLog.open(storage.path().resolve("spans"), storage.fsync(), storage.fsyncInterval(),
        aggregators, checkpoint[0]);
    sources.add(log);
    spanLog = log;
    flusher = new MetricsFlusher(sources, store, storage.flushInterval(), System::currentTimeMillis, log);
  }

  /** The series store's options as {@code storage} configures them. */
  public static StoreOptions storeOptions(StorageConfig storage) {
    return new StoreOptions(storage.path(), storage.fsync(), storage.fsyncInterval())
        .withRetention(storage.retention()).withRetentionBytes(storage.retentionBytes())
        .withWalHoldBytes(storage.remoteWriteWalLimit());
  }

  private static TraceStore openTraces(PipescopeConfig config) throws IOException {
    if (!config.storage().enabled() || !config.traces().enabled()) {
      return null;
    }
    return TraceStore.open(config.traces().options(config.storage().path()), Clock.systemUTC());
  }

  private static TimeSeriesStore openStorage(StorageConfig storage) throws IOException {
    if (!storage.enabled()) {
      return null;
    }
    return TimeSeriesStore.open(storeOptions(storage));
  }

  /**
   * Starts sending to the remote_write receivers before anything is written (rules, flushes,
   * ingest), so that everything stored from now on is sent; each receiver's progress is kept in
   * {@code <storage.path>/remote_write/}.
   */
  private static RemoteWriter startRemoteWrite(PipescopeConfig config, TimeSeriesStore store) throws IOException {
    if (store == null || config.remoteWrite().isEmpty()) {
      return null;
    }
    return RemoteWriter.start(store, config.remoteWrite(), config.externalLabels(),
        config.storage().path().resolve("remote_write"));
  }

  /** The store's own health, when storage is on. */
  private void collectStorage(MetricCollector collector) {
    TimeSeriesStore open = store;
    if (open != null) {
      open.collect(collector);
    }
  }

  /** The embedded store, when storage is enabled; null otherwise. */
  public TimeSeriesStore store() {
    return store;
  }

  public InetSocketAddress grpcAddress() {
    return ingest.grpcAddress();
  }

  public InetSocketAddress otlpHttpAddress() {
    return ingest.httpAddress();
  }

  public InetSocketAddress apiAddress() {
    return api.address();
  }

  /** Stops accepting, lets accepted requests finish (up to the configured grace), then closes the API. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ingest.shutdown(config.shutdownGrace());
    if (rules != null) {
      rules.close();
    }
    if (notifier != null) {
      notifier.close();
    }
    factory.close();
    closeStorage();
    api.close();
  }

  /**
   * A last flush of everything accepted; remote write then has up to the shutdown grace to send
   * what is stored (the rest is sent after the next start); then the span log and the store.
   * Failures are reported.
   */
  private void closeStorage() {
    try {
      if (flusher != null) {
        flusher.close();
      }
      if (remoteWriter != null) {
        remoteWriter.close(config.shutdownGrace());
      }
      if (spanLog != null) {
        spanLog.close();
      }
      if (traces != null) {
        traces.close();
      }
      if (store != null) {
        store.close();
      }
    } catch (IOException e) {
      System.err.println("pipescope: closing storage failed: " + e.getMessage());
    }
  }
}
