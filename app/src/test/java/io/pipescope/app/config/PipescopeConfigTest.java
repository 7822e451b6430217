package io.pipescope.app.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.query.notifier.WebhookConfig;
import io.pipescope.remotewrite.QueueConfig;
import io.pipescope.remotewrite.RemoteWriteTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipescopeConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsBindToLoopbackOnTheStandardPorts() {
    PipescopeConfig config = PipescopeConfig.load(null, List.of());
    assertEquals("127.0.0.1", config.ingest().bindHost());
    assertEquals("127.0.0.1", config.api().bindHost());
    assertEquals(4317, config.ingest().grpcPort());
    assertEquals(4318, config.ingest().httpPort());
    assertEquals(9490, config.api().port());
    assertEquals(20L * 1024 * 1024, config.ingest().limits().maxRequestBytes());
  }

  @Test
  void yamlFileAndSetFlagsAreTypedAndLaterOnesWin() throws IOException {
    Path file = write("""
        ingest:
          bind_host: 0.0.0.0
          grpc_port: 14317
          limits:
            max_request_bytes: 8MiB
            max_inflight_requests: 32
        api:
          port: 19490
        aggregator:
          span_metrics:
            duration_buckets: [0.1, 1, 10]
        shutdown_grace: 1m30s
        """);
    PipescopeConfig config = PipescopeConfig.load(file, List.of("api.port=29490", "ingest.limits.retry_after_seconds=5"));
    assertEquals("0.0.0.0", config.ingest().bindHost());
    assertEquals(14317, config.ingest().grpcPort());
    assertEquals(8L * 1024 * 1024, config.ingest().limits().maxRequestBytes());
    assertEquals(32, config.ingest().limits().maxInflightRequests());
    assertEquals(5, config.ingest().limits().retryAfterSeconds());
    assertEquals(29490, config.api().port());
    assertArrayEquals(new double[] {0.1, 1, 10}, config.spanMetrics().durationBuckets());
    assertEquals(Duration.ofSeconds(90), config.shutdownGrace());
  }

  @Test
  void ruleFilesAndEvaluationIntervalAreReadAndNoneAreLoadedByDefault() {
    assertEquals(List.of(), PipescopeConfig.load(null, List.of()).rules().files());
    assertEquals(Duration.ofMinutes(1), PipescopeConfig.load(null, List.of()).rules().evaluationInterval());
    RulesConfig rules = PipescopeConfig.load(null,
        List.of("rules.files=[a.yml, 'rules/*.yml']", "rules.evaluation_interval=15s")).rules();
    assertEquals(List.of("a.yml", "rules/*.yml"), rules.files());
    assertEquals(Duration.ofSeconds(15), rules.evaluationInterval());
    assertEquals(Duration.ofHours(1), rules.alertForOutageTolerance());
    assertEquals(Duration.ofMinutes(10), rules.alertForGracePeriod());
    RulesConfig tuned = PipescopeConfig.load(null,
        List.of("rules.alert_for_outage_tolerance=3h", "rules.alert_for_grace_period=2m")).rules();
    assertEquals(Duration.ofHours(3), tuned.alertForOutageTolerance());
    assertEquals(Duration.ofMinutes(2), tuned.alertForGracePeriod());
  }

  @Test
  void alertmanagersAndWebhooksAreReadWithDefaults() {
    AlertingConfig alerting = PipescopeConfig.load(null, List.of("rules.files=[a.yml]",
        "alerting.alertmanagers=[{url: 'http://am:9093/prefix'}, {url: 'http://am2:9093', timeout: 3s}]",
        "alerting.webhooks=[{name: chat, url: 'https://hooks.example/T1'}, "
            + "{name: am-style, url: 'http://hook:8080/', format: alertmanager, max_retry_duration: 1h}]",
        "external_labels={factory: eu-1}", "api.external_url=https://pipescope.example/",
        "alerting.resend_delay=30s")).alerting();
    assertEquals(URI.create("http://am:9093/prefix"), alerting.alertmanagers().get(0).url());
    assertEquals(Duration.ofSeconds(10), alerting.alertmanagers().get(0).timeout());
    assertEquals(Duration.ofSeconds(3), alerting.alertmanagers().get(1).timeout());
    WebhookConfig chat = alerting.webhooks().get(0);
    assertEquals(WebhookConfig.of("chat", URI.create("https://hooks.example/T1"), WebhookConfig.Format.SLACK), chat);
    assertEquals(WebhookConfig.Format.ALERTMANAGER, alerting.webhooks().get(1).format());
    assertEquals(Duration.ofHours(1), alerting.webhooks().get(1).maxRetryDuration());
    assertEquals(Map.of("factory", "eu-1"), alerting.externalLabels());
    assertEquals("https://pipescope.example", alerting.externalUrl(), "trailing slash dropped, as Prometheus");
    assertEquals(Duration.ofSeconds(30), alerting.resendDelay());
  }

  @Test
  void notificationTargetsTakeHeadersAndBasicAuth() throws IOException {
    Path secret = Files.writeString(dir.resolve("am-password"), "s3cret\n");
    AlertingConfig alerting = PipescopeConfig.load(null, List.of("rules.files=[a.yml]",
        "alerting.alertmanagers=[{url: 'http://am:9093', basic_auth: {username: pipescope, password_file: '"
            + secret + "'}}]",
        "alerting.webhooks=[{name: chat, url: 'https://hooks.example/T1', headers: {X-Team: factory}}]")).alerting();
    assertEquals(Map.of("Authorization", "Basic cGlwZXNjb3BlOnMzY3JldA=="), alerting.alertmanagers().get(0).headers(),
        "pipescope:s3cret, the file's newline stripped");
    assertEquals(Map.of("X-Team", "factory"), alerting.webhooks().get(0).headers());
    ConfigException both = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null, List.of(
        "rules.files=[a.yml]", "alerting.alertmanagers=[{url: 'http://am:9093', headers: {Authorization: x},"
            + " basic_auth: {username: u, password: p}}]")));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    ConfigException reserved = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null, List.of(
        "rules.files=[a.yml]", "alerting.webhooks=[{name: c, url: 'http://h/', headers: {Host: other}}]")));
    assertTrue(reserved.getMessage().contains("Host"), reserved.getMessage());
  }

  @Test
  void defaultExternalUrlReachesTheLoopbackApi() {
    assertEquals("http://localhost:9490", PipescopeConfig.defaults().alerting().externalUrl());
  }

  @Test
  void badAlertingSettingsStopStartUpNamingThem() {
    ConfigException scheme = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("rules.files=[a.yml]", "alerting.alertmanagers=[{url: 'am:9093'}]")));
    assertTrue(scheme.getMessage().contains("alerting.alertmanagers[0]"), scheme.getMessage());
    assertTrue(scheme.getMessage().contains("http://"), scheme.getMessage());
    ConfigException typo = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("rules.files=[a.yml]", "alerting.webhooks=[{name: chat, url: 'http://h/', formt: slack}]")));
    assertTrue(typo.getMessage().contains("alerting.webhooks[0].formt"), typo.getMessage());
    ConfigException format = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("rules.files=[a.yml]", "alerting.webhooks=[{name: chat, url: 'http://h/', format: teams}]")));
    assertTrue(format.getMessage().contains("slack or alertmanager"), format.getMessage());
    ConfigException noRules = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("alerting.alertmanagers=[{url: 'http://am:9093'}]")));
    assertTrue(noRules.getMessage().contains("rules.files"), noRules.getMessage());
  }

  @Test
  void unknownKeyStopsStartUpNamingIt() throws IOException {
    Path file = write("ingest:\n  limits:\n    max_request_byte: 1MiB\n");
    ConfigException e = assertThrows(ConfigException.class, () -> PipescopeConfig.load(file, List.of()));
    assertTrue(e.getMessage().contains("ingest.limits.max_request_byte"), e.getMessage());
    assertTrue(e.getMessage().contains("max_request_bytes"), "should list the known keys: " + e.getMessage());
  }

  @Test
  void badValueStopsStartUpNamingKeyAndValue() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> PipescopeConfig.load(null, List.of("ingest.limits.max_inflight_bytes=lots")));
    assertTrue(e.getMessage().contains("ingest.limits.max_inflight_bytes") && e.getMessage().contains("lots"),
        e.getMessage());
    ConfigException port = assertThrows(ConfigException.class,
        () -> PipescopeConfig.load(null, List.of("ingest.grpc_port=70000")));
    assertTrue(port.getMessage().contains("grpc port must be 0..65535"), port.getMessage());
  }

  @Test
  void inconsistentLimitsAreRejectedWithTheRule() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> PipescopeConfig.load(null, List.of("ingest.limits.max_inflight_bytes=1MiB")));
    assertTrue(e.getMessage().contains("max_inflight_bytes") && e.getMessage().contains("max_decompressed_bytes"),
        e.getMessage());
  }

  @Test
  void invalidYamlIsReportedWithTheFile() throws IOException {
    Path file = write("ingest:\n  grpc_port: [1,\n");
    ConfigException e = assertThrows(ConfigException.class, () -> PipescopeConfig.load(file, List.of()));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void shippedExampleConfigLoadsAndStatesTheDefaults() {
    PipescopeConfig example = PipescopeConfig.load(Path.of("..", "deploy", "pipescope.example.yaml"), List.of());
    PipescopeConfig defaults = PipescopeConfig.defaults();
    assertEquals(defaults.ingest(), example.ingest());
    assertEquals(defaults.api(), example.api());
    assertEquals(defaults.shutdownGrace(), example.shutdownGrace());
    assertArrayEquals(defaults.spanMetrics().durationBuckets(), example.spanMetrics().durationBuckets());
    assertEquals(defaults.spanMetrics().maxSeries(), example.spanMetrics().maxSeries());
    assertEquals(defaults.spanMetrics().significantDigits(), example.spanMetrics().significantDigits());
    assertEquals(defaults.spanMetrics().maxLabelValueLength(), example.spanMetrics().maxLabelValueLength());
    assertEquals(defaults.storage(), example.storage());
    assertEquals(defaults.traces(), example.traces());
    assertEquals(defaults.alerting(), example.alerting());
    assertEquals(defaults.remoteWrite(), example.remoteWrite());
    assertEquals(defaults.rules(), example.rules());
    assertEquals(defaults.otlpMetrics(), example.otlpMetrics());
    assertEquals(defaults.factory().stageNames(), example.factory().stageNames());
    assertEquals(defaults.factory().extraAliases(), example.factory().extraAliases());
    assertEquals(defaults.factory().maxFeaturesInFlight(), example.factory().maxFeaturesInFlight());
    assertEquals(defaults.factory().featureIdleTimeout(), example.factory().featureIdleTimeout());
    assertEquals(defaults.factory().maxSeriesPerMetric(), example.factory().maxSeriesPerMetric());
    assertArrayEquals(defaults.factory().leadTimeBuckets(), example.factory().leadTimeBuckets());
    assertArrayEquals(defaults.factory().tokenBuckets(), example.factory().tokenBuckets());
    assertArrayEquals(defaults.factory().timeToRestoreBuckets(), example.factory().timeToRestoreBuckets());
  }

  @Test
  void remoteWriteReceiversAreReadAsPrometheusWritesThem() throws IOException {
    Files.writeString(dir.resolve("mimir-password"), "s3cret\n");
    Path file = write("""
        external_labels:
          pipescope_instance: eu-1
        remote_write:
          - url: http://mimir:9009/api/v1/push
            name: mimir
            timeout: 10s
            headers:
              X-Scope-OrgID: factory
            basic_auth:
              username: pipescope
              password_file: %s
            queue_config:
              shards: 4
              capacity: 20000
              max_samples_per_send: 5000
              batch_send_deadline: 2s
              min_backoff: 100ms
              max_backoff: 10s
              retry_on_http_429: false
          - url: http://thanos-receive:19291/api/v1/receive
        storage:
          remote_write_wal_limit: 2GiB
        """.formatted(dir.resolve("mimir-password")));
    PipescopeConfig config = PipescopeConfig.load(file, List.of());
    assertEquals(Map.of("pipescope_instance", "eu-1"), config.externalLabels());
    assertEquals(2, config.remoteWrite().size());
    RemoteWriteTarget mimir = config.remoteWrite().get(0);
    assertEquals(URI.create("http://mimir:9009/api/v1/push"), mimir.url());
    assertEquals("mimir", mimir.queueName());
    assertEquals(Duration.ofSeconds(10), mimir.timeout());
    assertEquals(Map.of("X-Scope-OrgID", "factory"), mimir.headers());
    assertEquals(new RemoteWriteTarget.BasicAuth("pipescope", "s3cret"), mimir.basicAuth());
    assertEquals(new QueueConfig(4, 20_000, 5_000, Duration.ofSeconds(2), Duration.ofMillis(100),
        Duration.ofSeconds(10), false), mimir.queue());
    RemoteWriteTarget thanos = config.remoteWrite().get(1);
    assertEquals(QueueConfig.DEFAULTS, thanos.queue(), "Prometheus's defaults, one shard");
    assertEquals(RemoteWriteTarget.DEFAULT_TIMEOUT, thanos.timeout());
    assertEquals(null, thanos.basicAuth());
    assertTrue(thanos.queueName().startsWith("url-"), thanos.queueName());
    assertEquals(2L * 1024 * 1024 * 1024, config.storage().remoteWriteWalLimit());
  }

  @Test
  void remoteWriteMistakesStopStartUpNamingTheKey() {
    ConfigException typo = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("remote_write=[{url: 'http://a/api/v1/write', queue_config: {max_shards: 3}}]")));
    assertTrue(typo.getMessage().contains("remote_write[0].queue_config.max_shards"), typo.getMessage());
    ConfigException header = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("remote_write=[{url: 'http://a/api/v1/write', headers: {Content-Encoding: gzip}}]")));
    assertTrue(header.getMessage().contains("remote_write[0]") && header.getMessage().contains("Content-Encoding"),
        header.getMessage());
    ConfigException capacity = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("remote_write=[{url: 'http://a/api/v1/write', queue_config: {capacity: 10}}]")));
    assertTrue(capacity.getMessage().contains("remote_write[0].queue_config"), capacity.getMessage());
    ConfigException twice = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("remote_write=[{url: 'http://a/api/v1/write'}, {url: 'http://a/api/v1/write'}]")));
    assertTrue(twice.getMessage().contains("distinct name"), twice.getMessage());
    ConfigException noUrl = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("remote_write=[{name: central}]")));
    assertTrue(noUrl.getMessage().contains("url is required"), noUrl.getMessage());
    ConfigException noStorage = assertThrows(ConfigException.class, () -> PipescopeConfig.load(null,
        List.of("storage.enabled=false", "remote_write=[{url: 'http://a/api/v1/write'}]")));
    assertTrue(noStorage.getMessage().contains("storage.enabled"), noStorage.getMessage());
  }

  @Test
  void factoryMappingIsConfigurable() throws IOException {
    Path file = write("""
        aggregator:
          factory:
            namespace: factory
            attributes:
              checker_name: [step.name]
            extra_labels:
              team: team.name
            stage_names:
              deploy: [ship]
            feature_idle_timeout: 2m
        """);
    PipescopeConfig config = PipescopeConfig.load(file, List.of());
    assertEquals("factory_checker_runs", config.factory().metricName("checker_runs"));
    assertEquals(List.of("step.name"), config.factory().extraAliases().get("checker_name"));
    assertEquals("team.name", config.factory().extraLabels().get("team"));
    assertEquals(List.of("ship"), config.factory().stageNames().get("deploy"));
    assertEquals(List.of("health_check", "healthcheck", "health", "smoke_test"),
        config.factory().stageNames().get("health_check"), "kinds not given keep their defaults");
    assertEquals(Duration.ofMinutes(2), config.factory().featureIdleTimeout());
  }

  @Test
  void promotedResourceAttributesAreConfigurable() {
    PipescopeConfig config = PipescopeConfig.load(null,
        List.of("aggregator.otlp_metrics.promote_resource_attributes=[service.namespace, k8s.cluster.name]"));
    assertEquals(List.of("service.namespace", "k8s.cluster.name"), config.otlpMetrics().promoteResourceAttributes());
  }

  @Test
  void badFsyncPolicyIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> PipescopeConfig.load(null, List.of("storage.fsync=sometimes")));
    assertTrue(e.getMessage().contains("fsync must be one of [always, interval, never]"), e.getMessage());
  }

  @Test
  void unknownFactFromConfigIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> PipescopeConfig.load(null, List.of("aggregator.factory.attributes={checker: [x]}")));
    assertTrue(e.getMessage().contains("attributes.checker is not a known fact"), e.getMessage());
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("pipescope.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
