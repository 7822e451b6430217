package io.pipescope.app.cli;

import io.pipescope.app.Pipescope;
import io.pipescope.app.config.ConfigException;
import io.pipescope.app.config.PipescopeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code pipescope serve}: runs the server until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs pipescope: OTLP/gRPC on 4317, OTLP/HTTP on 4318, the HTTP API (/metrics) on 9490.",
      "Listens on 127.0.0.1 unless --bind or the config file says otherwise."
    })
public final class ServeCommand implements Callable<Integer> {
  @Mixin
  ServerOptions server = new ServerOptions();

  @Override
  public Integer call() {
    PipescopeConfig config;
    try {
      config = server.load(List.of());
    } catch (ConfigException e) {
      System.err.println("pipescope: configuration error: " + e.getMessage());
      return 2;
    }
    Pipescope pipescope = start(config);
    if (pipescope == null) {
      return 1;
    }
    runUntilStopped(pipescope, () -> {});
    return 0;
  }

  /** Starts pipescope, or says on stderr why it cannot and returns null. */
  static Pipescope start(PipescopeConfig config) {
    try {
      return Pipescope.start(config);
    } catch (IOException | ConfigException e) {
      System.err.println("pipescope: cannot start: " + e.getMessage());
      return null;
    }
  }

  /**
   * Prints where pipescope listens, reloads rules on SIGHUP, and waits for SIGTERM or SIGINT; then
   * runs {@code beforeClose} and closes pipescope gracefully.
   */
  static void runUntilStopped(Pipescope pipescope, Runnable beforeClose) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("pipescope: shutting down: no new requests; finishing accepted ones");
      beforeClose.run();
      pipescope.close();
      System.err.println("pipescope: stopped");
      stopped.countDown();
    }, "pipescope-shutdown"));
    reloadOnSighup(pipescope);
    System.err.println("pipescope " + VersionProvider.version() + " is running:");
    System.err.println("  OTLP/gRPC  " + hostPort(pipescope.grpcAddress()));
    System.err.println("  OTLP/HTTP  http://" + hostPort(pipescope.otlpHttpAddress()) + "/v1/traces");
    System.err.println("  metrics    http://" + hostPort(pipescope.apiAddress()) + "/metrics");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGHUP re-reads the rule files, as it makes Prometheus re-read its configuration. */
  private static void reloadOnSighup(Pipescope pipescope) {
    try {
      Signal.handle(new Signal("HUP"), signal -> {
        try {
          pipescope.reloadRules();
          System.err.println("pipescope: SIGHUP: rule files reloaded");
        } catch (IllegalStateException e) {
          System.err.println("pipescope: SIGHUP: reload rejected, the loaded rules keep running: " + e.getMessage());
        }
      });
    } catch (IllegalArgumentException e) {
      // No SIGHUP on this platform (Windows): POST /-/reload still works.
      System.err.println("pipescope: SIGHUP reload unavailable: " + e.getMessage());
    }
  }

  static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
