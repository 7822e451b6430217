package io.pipescope.app.testing;

import io.pipescope.query.testing.DebianPackages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/**
 * A real Prometheus (Debian's package) on a free loopback port, scraping one target every second,
 * with its data, configuration and log in a test's temporary directory. Anything that goes wrong
 * fails with Prometheus's own log attached.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final String BINARY = "/usr/bin/prometheus";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackServerProcess server;

  private PrometheusProcess(LoopbackServerProcess server) {
    this.server = server;
  }

  /**
   * Installs Prometheus when missing, then starts it scraping {@code target} as job {@code job}
   * every second, and returns once it reports ready.
   */
  public static PrometheusProcess scrape(Path dir, String job, InetSocketAddress target) throws IOException {
    return start(dir, configuration(job, target));
  }

  /**
   * As {@link #scrape}, and also sends everything it scrapes to {@code remoteWriteUrl} with
   * remote write 1.0, flushing often so a test does not wait long.
   */
  public static PrometheusProcess scrapeAndRemoteWrite(Path dir, String job, InetSocketAddress target,
      String remoteWriteUrl) throws IOException {
    return start(dir, configuration(job, target) + """
        remote_write:
          - url: "%s"
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 100ms
              max_backoff: 1s
        """.formatted(remoteWriteUrl));
  }

  /**
   * A Prometheus that scrapes nothing and takes remote write at {@link #remoteWriteUrl()}
   * ({@code --web.enable-remote-write-receiver}), on a free port.
   */
  public static PrometheusProcess receiver(Path dir) throws IOException {
    return receiver(dir, 0);
  }

  /**
   * As {@link #receiver(Path)}, on {@code port} (0: a free one), so a sender configured for that
   * port before the receiver existed reaches it once it starts. Its data stays in {@code dir}: a
   * receiver started again there keeps what it had.
   */
  public static PrometheusProcess receiver(Path dir, int port) throws IOException {
    DebianPackages.ensure(DebianPackages.PROMETHEUS);
    Path config = dir.resolve("prometheus.yml");
    Files.createDirectories(dir);
    Files.writeString(config, """
        global:
          evaluation_interval: 1s
        """, StandardCharsets.UTF_8);
    IntFunction<List<String>> command = p -> List.of(BINARY,
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + p,
        "--web.enable-remote-write-receiver",
        "--log.level=warn");
    return new PrometheusProcess(port == 0
        ? LoopbackServerProcess.start("prometheus", dir, command)
        : LoopbackServerProcess.startOn("prometheus", dir, port, command));
  }

  /** Where a receiver started by {@link #receiver} takes remote write. */
  public String remoteWriteUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /** A loopback port free right now, for a receiver to be started on later. */
  public static int freePort() throws IOException {
    return LoopbackServerProcess.freeLoopbackPort();
  }

  private static PrometheusProcess start(Path dir, String configuration) throws IOException {
    DebianPackages.ensure(DebianPackages.PROMETHEUS);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, configuration, StandardCharsets.UTF_8);
    return new PrometheusProcess(LoopbackServerProcess.start("prometheus", dir, port -> List.of(BINARY,
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")));
  }

  static String configuration(String job, InetSocketAddress target) {
    String host = target.getHostString();
    String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: "%s"
            static_configs:
              - targets: ["%s"]
        """.formatted(job, hostPort);
  }

  /** Runs an instant query and returns {@code data.result}; a query Prometheus refuses fails. */
  public JsonNode query(String promql) {
    String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode response;
    try {
      response = JSON.readTree(body);
    } catch (IOException e) {
      throw failure("query " + promql + " answered with something other than JSON:\n" + body, e);
    }
    if (!"success".equals(response.path("status").asText())) {
      throw failure("query " + promql + " failed:\n" + body, null);
    }
    return response.path("data").path("result");
  }

  /** The value of a query's only sample, or empty when it has none yet. */
  public OptionalDouble value(String promql) {
    JsonNode result = query(promql);
    if (result.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (result.size() > 1) {
      throw failure("query " + promql + " returned " + result.size() + " series, expected one:\n" + result, null);
    }
    // An instant vector sample is [<unix seconds>, "<value as string>"].
    return OptionalDouble.of(parseValue(result.get(0).path("value").path(1).asText()));
  }

  /** Polls {@link #value} until the query returns a sample; the first scrape comes 5-7 s after start. */
  public double awaitValue(String promql, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      OptionalDouble v = value(promql);
      if (v.isPresent()) {
        return v.getAsDouble();
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure("query " + promql + " returned nothing within " + timeout.toSeconds() + " s", null);
      }
      LoopbackServerProcess.sleep(LoopbackServerProcess.POLL_INTERVAL);
    }
  }

  /** Where this Prometheus answers, for clients such as promtool. */
  public String baseUrl() {
    return server.base().toString();
  }

  /** What Prometheus says about its targets ({@code /api/v1/targets}), health and last error included. */
  public String targets() {
    return get("/api/v1/targets");
  }

  /** Prometheus's stdout and stderr so far. */
  public String log() {
    return server.log();
  }

  @Override
  public void close() {
    server.close();
  }

  private String get(String pathAndQuery) {
    return server.get(pathAndQuery);
  }

  private AssertionError failure(String message, Throwable cause) {
    return server.failure(message, cause);
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
