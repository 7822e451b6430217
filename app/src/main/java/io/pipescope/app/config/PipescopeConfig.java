package io.pipescope.app.config;

import io.pipescope.aggregator.FactoryConfig;
import io.pipescope.aggregator.OtlpMetricsConfig;
import io.pipescope.aggregator.SpanMetricsConfig;
import io.pipescope.ingest.IngestConfig;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.query.HttpApiConfig;
import io.pipescope.query.api.QueryLimits;
import io.pipescope.query.notifier.AlertmanagerTarget;
import io.pipescope.query.notifier.NotificationManager;
import io.pipescope.query.notifier.WebhookConfig;
import io.pipescope.remotewrite.RemoteWriteTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * All of pipescope's settings, typed and checked once at start-up. Sources, later ones winning:
 * built-in defaults, the YAML file, then {@code --set key=value} flags. Keys are documented in
 * {@code deploy/pipescope.example.yaml}.
 */
public record PipescopeConfig(
    IngestConfig ingest, HttpApiConfig api, SpanMetricsConfig spanMetrics, FactoryConfig factory,
    OtlpMetricsConfig otlpMetrics, StorageConfig storage, TracesConfig traces, RulesConfig rules,
    AlertingConfig alerting, List<RemoteWriteTarget> remoteWrite, Duration shutdownGrace) {

  public PipescopeConfig {
    remoteWrite = List.copyOf(remoteWrite);
  }

  /** Top-level {@code external_labels}: on every alert and every series sent by remote_write. */
  public Map<String, String> externalLabels() {
    return alerting.externalLabels();
  }

  public static PipescopeConfig defaults() {
    return fromTree(ConfigTree.root(new LinkedHashMap<>()));
  }

  /**
   * Reads {@code file} (may be null) and applies {@code overrides} (dotted keys, YAML values).
   *
   * @throws ConfigException naming the file, key or value that is wrong
   */
  public static PipescopeConfig load(Path file, List<String> overrides) {
    Map<String, Object> tree = new LinkedHashMap<>();
    if (file != null) {
      tree = readYaml(file);
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    ConfigTree root = ConfigTree.root(tree);
    PipescopeConfig config = fromTree(root);
    root.rejectUnknownKeys();
    return config;
  }

  private static PipescopeConfig fromTree(ConfigTree root) {
    String defaultBind = IngestConfig.DEFAULT_BIND_HOST;
    ConfigTree ingest = root.section("ingest");
    ConfigTree limits = ingest.section("limits");
    IngestLimits d = IngestLimits.DEFAULTS;
    IngestLimits ingestLimits = limits.build(() -> new IngestLimits(
        limits.bytes("max_request_bytes", d.maxRequestBytes()),
        limits.bytes("max_decompressed_bytes", d.maxDecompressedBytes()),
        limits.integer("max_spans_per_request", d.maxSpansPerRequest()),
        limits.integer("max_attributes_per_span", d.maxAttributesPerSpan()),
        limits.integer("max_attribute_value_length", d.maxAttributeValueLength()),
        limits.bytes("max_inflight_bytes", d.maxInflightBytes()),
        limits.integer("max_inflight_requests", d.maxInflightRequests()),
        limits.integer("retry_after_seconds", d.retryAfterSeconds())));
    IngestConfig defaults = IngestConfig.defaults();
    IngestConfig ingestConfig = ingest.build(() -> new IngestConfig(
        ingest.string("bind_host", defaultBind),
        ingest.integer("grpc_port", IngestConfig.DEFAULT_GRPC_PORT),
        ingest.integer("http_port", IngestConfig.DEFAULT_HTTP_PORT),
        ingest.integer("worker_threads", defaults.workerThreads()),
        ingestLimits));

    ConfigTree api = root.section("api");
    ConfigTree query = api.section("query");
    QueryLimits qd = QueryLimits.defaults();
    QueryLimits queryLimits = query.build(() -> new QueryLimits(
        query.duration("timeout", qd.timeout()),
        query.integer("max_concurrent", qd.maxConcurrentQueries()),
        query.integer("max_points_per_series", qd.maxPointsPerSeries()),
        query.integer("max_samples", (int) Math.min(Integer.MAX_VALUE, qd.maxSamples())),
        query.duration("lookback_delta", qd.lookback()),
        query.integer("max_series", qd.maxSeries())));
    HttpApiConfig apiConfig = api.build(() -> new HttpApiConfig(
        api.string("bind_host", defaultBind), api.integer("port", HttpApiConfig.DEFAULT_PORT),
        api.bool("enable_admin", false), queryLimits, api.bool("enable_lifecycle", false)));

    ConfigTree aggregator = root.section("aggregator");
    ConfigTree spans = aggregator.section("span_metrics");
    SpanMetricsConfig sd = SpanMetricsConfig.DEFAULTS;
    SpanMetricsConfig spanMetrics = spans.build(() -> new SpanMetricsConfig(
        spans.doubles("duration_buckets", sd.durationBuckets()),
        spans.integer("significant_digits", sd.significantDigits()),
        spans.integer("max_series", sd.maxSeries()),
        spans.integer("max_label_value_length", sd.maxLabelValueLength())));

    ConfigTree factory = aggregator.section("factory");
    FactoryConfig fd = FactoryConfig.DEFAULTS;
    Map<String, List<String>> stageNames = new LinkedHashMap<>(fd.stageNames());
    stageNames.putAll(factory.stringLists("stage_names", Map.of()));
    FactoryConfig factoryConfig = factory.build(() -> new FactoryConfig(
        factory.string("namespace", fd.namespace()),
        factory.stringLists("attributes", fd.extraAliases()),
        factory.strings("extra_labels", fd.extraLabels()),
        stageNames,
        factory.integer("max_series_per_metric", fd.maxSeriesPerMetric()),
        factory.integer("max_label_value_length", fd.maxLabelValueLength()),
        factory.integer("max_features_in_flight", fd.maxFeaturesInFlight()),
        factory.duration("feature_idle_timeout", fd.featureIdleTimeout()),
        factory.integer("significant_digits", fd.significantDigits()),
        factory.doubles("duration_buckets", fd.durationBuckets()),
        factory.doubles("lead_time_buckets", fd.leadTimeBuckets()),
        factory.doubles("token_buckets", fd.tokenBuckets()),
        factory.doubles("time_to_restore_buckets", fd.timeToRestoreBuckets())));

    ConfigTree otlp = aggregator.section("otlp_metrics");
    OtlpMetricsConfig od = OtlpMetricsConfig.DEFAULTS;
    OtlpMetricsConfig otlpMetrics = otlp.build(() -> new OtlpMetricsConfig(
        otlp.stringList("promote_resource_attributes", od.promoteResourceAttributes()),
        otlp.bool("keep_identifying_resource_attributes", od.keepIdentifyingResourceAttributes()),
        otlp.integer("max_delta_series", od.maxDeltaSeries()),
        otlp.duration("delta_series_idle_timeout", od.deltaSeriesIdleTimeout()),
        otlp.duration("lookback_delta", od.lookbackDelta())));

    ConfigTree storage = root.section("storage");
    StorageConfig std = StorageConfig.DEFAULTS;
    StorageConfig storageConfig = storage.build(() -> new StorageConfig(
        storage.bool("enabled", std.enabled()),
        Path.of(storage.string("path", std.path().toString())),
        StorageConfig.fsyncPolicy(storage.string("fsync", std.fsync().name().toLowerCase(java.util.Locale.ROOT))),
        storage.duration("fsync_interval", std.fsyncInterval()),
        storage.duration("flush_interval", std.flushInterval()),
        storage.duration("retention", std.retention()),
        storage.bytes("retention_size", std.retentionBytes()),
        storage.bytes("remote_write_wal_limit", std.remoteWriteWalLimit())));

    ConfigTree traces = root.section("traces");
    TracesConfig td = TracesConfig.DEFAULTS;
    TracesConfig tracesConfig = traces.build(() -> new TracesConfig(
        traces.bool("enabled", td.enabled()),
        traces.duration("retention", td.retention()),
        traces.bytes("retention_size", td.retentionBytes()),
        traces.bytes("segment_size", td.segmentBytes()),
        traces.duration("segment_age", td.segmentAge()),
        traces.stringList("indexed_attributes", td.indexedAttributes())));

    ConfigTree rules = root.section("rules");
    RulesConfig rd = RulesConfig.DEFAULTS;
    RulesConfig rulesConfig = rules.build(() -> new RulesConfig(
        rules.stringList("files", rd.files()),
        rules.duration("evaluation_interval", rd.evaluationInterval()),
        rules.duration("alert_for_outage_tolerance", rd.alertForOutageTolerance()),
        rules.duration("alert_for_grace_period", rd.alertForGracePeriod())));
    if (!rulesConfig.files().isEmpty() && !storageConfig.enabled()) {
      throw new ConfigException("rules.files needs storage.enabled: true (rules are evaluated against the store)");
    }

    AlertingConfig alerting = alerting(root, api.string("external_url", ""), apiConfig);
    if (alerting.notifierOptions().sendsAnywhere() && rulesConfig.files().isEmpty()) {
      throw new ConfigException("alerting.alertmanagers and alerting.webhooks need rules.files (alerts come from"
          + " alerting rules)");
    }

    List<RemoteWriteTarget> remoteWrite = RemoteWriteConfig.targets(root);
    if (!remoteWrite.isEmpty() && !storageConfig.enabled()) {
      throw new ConfigException("remote_write needs storage.enabled: true (it sends what the store's WAL holds)");
    }

    Duration grace = root.duration("shutdown_grace", Duration.ofSeconds(30));
    return new PipescopeConfig(ingestConfig, apiConfig, spanMetrics, factoryConfig, otlpMetrics, storageConfig,
        tracesConfig, rulesConfig, alerting, remoteWrite, grace);
  }

  /** {@code headers} and a {@code basic_auth} section, the latter as an Authorization header. */
  private static Map<String, String> headers(ConfigTree target) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(target.strings("headers", Map.of()));
    ConfigTree auth = target.section("basic_auth");
    BasicAuthConfig credentials = auth.build(() -> BasicAuthConfig.read(auth));
    if (credentials != null) {
      if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
        throw new ConfigException("give basic_auth or an Authorization header, not both (" + headers.keySet() + ")");
      }
      headers.put("Authorization", credentials.authorization());
    }
    return headers;
  }

  private static AlertingConfig alerting(ConfigTree root, String externalUrl, HttpApiConfig api) {
    Map<String, String> externalLabels = root.strings("external_labels", Map.of());
    ConfigTree alerting = root.section("alerting");
    List<AlertmanagerTarget> alertmanagers = new ArrayList<>();
    for (ConfigTree am : alerting.sections("alertmanagers")) {
      Map<String, String> headers = headers(am);
      alertmanagers.add(am.build(() -> new AlertmanagerTarget(am.url("url"), am.duration("timeout",
          AlertmanagerTarget.DEFAULT_TIMEOUT), headers)));
    }
    List<WebhookConfig> webhooks = new ArrayList<>();
    for (ConfigTree w : alerting.sections("webhooks")) {
      WebhookConfig d = WebhookConfig.of("default", URI.create("http://localhost/"), WebhookConfig.Format.SLACK);
      Map<String, String> headers = headers(w);
      webhooks.add(w.build(() -> new WebhookConfig(
          w.string("name", ""), w.url("url"),
          WebhookConfig.Format.parse(w.string("format", d.format().configName())),
          w.duration("timeout", d.timeout()),
          w.bool("send_resolved", d.sendResolved()),
          w.duration("repeat_interval", d.repeatInterval()),
          w.duration("initial_backoff", d.initialBackoff()),
          w.duration("max_backoff", d.maxBackoff()),
          w.duration("max_retry_duration", d.maxRetryDuration()),
          w.integer("queue_capacity", d.queueCapacity()),
          headers)));
    }
    String url = externalUrl.isEmpty() ? defaultExternalUrl(api) : externalUrl;
    return alerting.build(() -> new AlertingConfig(trimSlashes(url), externalLabels,
        alerting.duration("resend_delay", Duration.ofMinutes(1)),
        alerting.integer("queue_capacity", NotificationManager.Options.DEFAULT_QUEUE_CAPACITY),
        alertmanagers, webhooks));
  }

  /**
   * As Prometheus's default (http://hostname:port), except that a loopback-only API (the default)
   * is linked as localhost, the only name that reaches it.
   */
  private static String defaultExternalUrl(HttpApiConfig api) {
    String host = api.bindHost();
    boolean loopback = host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    if (!loopback) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
    } else {
      host = "localhost";
    }
    return "http://" + host + ":" + api.port();
  }

  /** Prometheus drops the external URL's trailing slashes, so links are built by appending paths. */
  private static String trimSlashes(String url) {
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    }
    Object parsed;
    try {
      parsed = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getMessage());
    }
    if (parsed == null) {
      return new LinkedHashMap<>();
    }
    if (!(parsed instanceof Map<?, ?>)) {
      throw new ConfigException("configuration file " + file + " must hold a mapping of keys (ingest:, api:, ...)");
    }
    return (Map<String, Object>) parsed;
  }

  @SuppressWarnings("unchecked")
  private static void applyOverride(Map<String, Object> tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set takes key=value (for example ingest.grpc_port=14317), got '" + override + "'");
    }
    String[] path = override.substring(0, eq).trim().split("\\.");
    Object value;
    try {
      value = new Load(LoadSettings.builder().build()).loadFromString(override.substring(eq + 1));
    } catch (YamlEngineException e) {
      throw new ConfigException("--set " + override + ": the value is not valid YAML: " + e.getMessage());
    }
    Map<String, Object> node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      Object child = node.get(path[i]);
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        node.put(path[i], child);
      }
      node = (Map<String, Object>) child;
    }
    node.put(path[path.length - 1], value);
  }
}
