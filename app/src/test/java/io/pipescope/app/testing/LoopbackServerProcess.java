package io.pipescope.app.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real server from Debian's packages (Prometheus, Alertmanager) on a free loopback port, its
 * output in a log file beside its data; started once it answers {@code /-/ready}, and any failure
 * reported with that log attached.
 */
final class LoopbackServerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  /** A free port found by binding 0 may be taken before the server binds it; try another. */
  private static final int START_ATTEMPTS = 3;

  private final String name;
  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  private LoopbackServerProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Starts {@code commandForPort.apply(port)} in {@code dir} and waits until it is ready.
   *
   * @param name the server's name in messages and its log file's name
   */
  static LoopbackServerProcess start(String name, Path dir, IntFunction<List<String>> commandForPort)
      throws IOException {
    AssertionError last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return launch(name, dir.resolve(name + "-" + attempt + ".log"), dir, freeLoopbackPort(), commandForPort);
      } catch (AssertionError e) {
        if (!e.getMessage().contains("address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** As {@link #start}, on a given port: one attempt, as the port was chosen by the caller. */
  static LoopbackServerProcess startOn(String name, Path dir, int port, IntFunction<List<String>> commandForPort)
      throws IOException {
    return launch(name, dir.resolve(name + "-port-" + port + "-" + System.nanoTime() + ".log"), dir, port,
        commandForPort);
  }

  /** Starts the server and waits until it is ready; a server that is not is stopped, its log in the error. */
  private static LoopbackServerProcess launch(String name, Path log, Path dir, int port,
      IntFunction<List<String>> commandForPort) throws IOException {
    Process process = new ProcessBuilder(commandForPort.apply(port))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    LoopbackServerProcess server = new LoopbackServerProcess(name, process, log, port);
    try {
      server.awaitReady();
    } catch (AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  URI base() {
    return base;
  }

  /** The server's stdout and stderr so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  String get(String pathAndQuery) {
    try {
      return http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw failure("GET " + pathAndQuery + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted during GET " + pathAndQuery, e);
    }
  }

  AssertionError failure(String message, Throwable cause) {
    String state = process.isAlive() ? "running" : "exited with code " + process.exitValue();
    return new AssertionError(message + "\n--- " + name + " at " + base + " (" + state + "), its log:\n" + log(),
        cause);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw failure(name + " exited with code " + process.exitValue() + " before it was ready", null);
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
        throw failure("interrupted while waiting for " + name + " to be ready", e);
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure(name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s", null);
      }
      sleep(POLL_INTERVAL);
    }
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).GET().build();
  }

  /** Asks the server to stop (SIGTERM), and kills it if it has not within a few seconds. */
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

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
