package io.pipescope.app.testing;

import io.pipescope.app.Pipescope;
import io.pipescope.app.config.PipescopeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** pipescope started in-process on free loopback ports, with optional {@code key=value} overrides. */
public final class RunningPipescope implements AutoCloseable {
  private final Pipescope pipescope;
  private final HttpClient http = HttpClient.newHttpClient();
  private Path temporaryData;

  private RunningPipescope(Pipescope pipescope) {
    this.pipescope = pipescope;
  }

  /**
   * Storage is on, as by default, in a fresh temporary directory (deleted on close) unless the
   * overrides name another: no test sees another's data.
   */
  public static RunningPipescope start(String... overrides) {
    try {
      Path data = Files.createTempDirectory("pipescope-test-data");
      List<String> all = new ArrayList<>(List.of("ingest.grpc_port=0", "ingest.http_port=0", "api.port=0",
          "shutdown_grace=5s", "storage.path=" + data));
      all.addAll(List.of(overrides));
      RunningPipescope running = new RunningPipescope(Pipescope.start(PipescopeConfig.load(null, all)));
      running.temporaryData = data;
      return running;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Pipescope pipescope() {
    return pipescope;
  }

  /** host:port of OTLP/gRPC, for {@code setEndpoint("http://" + ...)}. */
  public String grpcEndpoint() {
    return "http://127.0.0.1:" + pipescope.grpcAddress().getPort();
  }

  public String otlpHttpBase() {
    return "http://127.0.0.1:" + pipescope.otlpHttpAddress().getPort();
  }

  public String apiBase() {
    return "http://127.0.0.1:" + pipescope.apiAddress().getPort();
  }

  /** The current {@code /metrics} page in the Prometheus text format. */
  public MetricsPage scrape() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(apiBase() + "/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
      }
      return MetricsPage.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    pipescope.close();
    if (temporaryData != null) {
      try (Stream<Path> all = Files.walk(temporaryData)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
