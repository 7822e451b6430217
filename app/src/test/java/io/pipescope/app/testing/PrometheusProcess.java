package io.pipescope.app.testing;

import io.pipescope.query.testing.DebianPackages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package) on a free loopback port, scraping one target every second,
 * with its data, configuration and log in a test's temporary directory. Anything that goes wrong
 * fails with Prometheus's own log attached.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final String BINARY = "/usr/bin/prometheus";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  /** A free port found by binding 0 may be taken before Prometheus binds it; try another. */
  private static final int START_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  private PrometheusProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
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

  private static PrometheusProcess start(Path dir, String configuration) throws IOException {
    DebianPackages.ensure(DebianPackages.PROMETHEUS);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, configuration, StandardCharsets.UTF_8);
    AssertionError last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      Path log = dir.resolve("prometheus-" + attempt + ".log");
      int port = freeLoopbackPort();
      Process process = new ProcessBuilder(BINARY,
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      PrometheusProcess prometheus = new PrometheusProcess(process, log, port);
      try {
        prometheus.awaitReady();
        return prometheus;
      } catch (AssertionError e) {
        prometheus.close();
        if (!prometheus.log().contains("address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
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
      sleep(POLL_INTERVAL);
    }
  }

  /** What Prometheus says about its targets ({@code /api/v1/targets}), health and last error included. */
  /** Where this Prometheus answers, for clients such as promtool. */
  public String baseUrl() {
    return base.toString();
  }

  public String targets() {
    return get("/api/v1/targets");
  }

  /** Prometheus's stdout and stderr so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Asks Prometheus to stop (SIGTERM), and kills it if it has not within a few seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw failure("prometheus exited with code " + process.exitValue() + " before it was ready", null);
      }
      try {
        HttpResponse<String> r = http.send(request("/-/ready"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted while waiting for prometheus to be ready", e);
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure("prometheus was not ready within " + READY_TIMEOUT.toSeconds() + " s", null);
      }
      sleep(POLL_INTERVAL);
    }
  }

  private String get(String pathAndQuery) {
    try {
      HttpResponse<String> r = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw failure("GET " + pathAndQuery + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted during GET " + pathAndQuery, e);
    }
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).GET().build();
  }

  private AssertionError failure(String message, Throwable cause) {
    String state = process.isAlive() ? "running" : "exited with code " + process.exitValue();
    return new AssertionError(message + "\n--- prometheus at " + base + " (" + state + "), its log:\n" + log(), cause);
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
