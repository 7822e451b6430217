package io.pipescope.app.cli;

import io.pipescope.app.Pipescope;
import io.pipescope.app.config.ConfigException;
import io.pipescope.app.config.PipescopeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file.")
  Path configFile;

  @Option(names = "--bind", paramLabel = "HOST",
      description = "Address every port binds to (0.0.0.0 opens pipescope to other hosts).")
  String bindHost;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "OTLP/gRPC port (default 4317).")
  Integer grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", description = "OTLP/HTTP port (default 4318).")
  Integer httpPort;

  @Option(names = "--api-port", paramLabel = "PORT", description = "HTTP API port (default 9490).")
  Integer apiPort;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Sets any configuration key, e.g. --set ingest.limits.max_inflight_bytes=512MiB.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>();
    if (bindHost != null) {
      all.add("ingest.bind_host=" + bindHost);
      all.add("api.bind_host=" + bindHost);
    }
    if (grpcPort != null) {
      all.add("ingest.grpc_port=" + grpcPort);
    }
    if (httpPort != null) {
      all.add("ingest.http_port=" + httpPort);
    }
    if (apiPort != null) {
      all.add("api.port=" + apiPort);
    }
    all.addAll(overrides);
    PipescopeConfig config;
    try {
      config = PipescopeConfig.load(configFile, all);
    } catch (ConfigException e) {
      System.err.println("pipescope: configuration error: " + e.getMessage());
      return 2;
    }
    Pipescope pipescope;
    try {
      pipescope = Pipescope.start(config);
    } catch (IOException | ConfigException e) {
      System.err.println("pipescope: cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("pipescope: shutting down: no new requests; finishing accepted ones");
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
    return 0;
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

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
