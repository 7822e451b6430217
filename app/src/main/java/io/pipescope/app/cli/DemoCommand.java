package io.pipescope.app.cli;

import io.pipescope.app.Pipescope;
import io.pipescope.app.config.ConfigException;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.demo.HistoryBackfill;
import io.pipescope.app.demo.LiveFactory;
import io.pipescope.app.simulation.FactorySimulator;
import io.pipescope.app.simulation.SimulatedSpan;
import io.pipescope.app.simulation.SimulationProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pipescope demo}: pipescope on the embedded store with a simulated factory in front of it:
 * weeks of history first (so this month compares with last), then live traffic over OTLP/gRPC.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs pipescope with a simulated software factory: features of several types through all seven",
      "stages, rework, token costs, failed deploys and recoveries. A fresh data directory is first",
      "filled with --days of history; then live traffic flows over OTLP/gRPC until Ctrl-C.",
      "Open the printed URL for the dashboard."
    })
public final class DemoCommand implements Callable<Integer> {
  /** The shipped rules, when run from a checkout: alerts and recording rules have data to work on. */
  private static final List<String> SHIPPED_RULES =
      List.of("deploy/rules/factory-recording.yml", "deploy/rules/factory-alerts.yml");
  /** History is written at this resolution: fine for 30-day panels, quick to write. */
  private static final Duration HISTORY_STEP = Duration.ofMinutes(15);

  @Mixin
  ServerOptions server = new ServerOptions();

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "demo-data",
      description = "Data directory of the demo (default ${DEFAULT-VALUE}); kept between runs.")
  Path data;

  @Option(names = "--days", paramLabel = "N", defaultValue = "35",
      description = "Days of history written into a fresh data directory (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--features-per-hour", paramLabel = "N", defaultValue = "60",
      description = "Live arrival rate of features (default ${DEFAULT-VALUE}; history uses a working week of 6/h).")
  double featuresPerHour;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Simulation seed.")
  long seed;

  @Override
  public Integer call() {
    PipescopeConfig config;
    try {
      config = server.load(defaults());
    } catch (ConfigException e) {
      System.err.println("pipescope: configuration error: " + e.getMessage());
      return 2;
    }
    if (!config.storage().enabled()) {
      System.err.println("pipescope: the demo needs storage.enabled: true");
      return 2;
    }
    long now = System.currentTimeMillis();
    List<SimulatedSpan> inFlight = List.of();
    try {
      if (days > 0 && HistoryBackfill.storeIsEmpty(config)) {
        System.err.println("pipescope demo: writing " + days + " days of factory history into "
            + config.storage().path() + " (once, for a fresh data directory) ...");
        long started = System.nanoTime();
        int[] progressLines = {0};
        HistoryBackfill.Result r = new HistoryBackfill(config, HISTORY_STEP).run(new FactorySimulator(seed),
            now - Duration.ofDays(days).toMillis(), now, line -> {
              if (++progressLines[0] % 7 == 0) {
                System.err.println("pipescope demo:   ... " + line);
              }
            });
        inFlight = r.inFlight();
        System.err.printf("pipescope demo: history written: %,d features, %,d spans, %,d samples in %.1f s%n",
            r.features(), r.spans(), r.samples(), (System.nanoTime() - started) / 1e9);
      }
    } catch (IOException e) {
      System.err.println("pipescope: cannot write the demo history: " + e.getMessage());
      return 1;
    }
    Pipescope pipescope = ServeCommand.start(config);
    if (pipescope == null) {
      return 1;
    }
    LiveFactory live = new LiveFactory(
        new FactorySimulator(new SimulationProfile(featuresPerHour, 0.85, false), seed + now),
        dialTarget(pipescope.grpcAddress()), inFlight, System::currentTimeMillis).start(1000);
    String page = "http://" + (config.api().bindHost().equals("127.0.0.1") ? "localhost"
        : config.api().bindHost()) + ":" + pipescope.apiAddress().getPort() + "/";
    System.err.println("pipescope demo: a simulated factory is sending live spans over OTLP/gRPC.");
    System.err.println("pipescope demo: open " + page);
    ServeCommand.runUntilStopped(pipescope, live::close);
    return 0;
  }

  /**
   * Where the live factory connects to pipescope's gRPC port: loopback when pipescope listens on
   * every address (--bind 0.0.0.0, as in a container), which is no address to dial; an IPv6
   * address in brackets, as a gRPC target needs it.
   */
  static String dialTarget(InetSocketAddress listening) {
    InetAddress address = listening.getAddress();
    String host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
        : address.getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + listening.getPort();
  }

  /** The demo's own settings, under anything the user sets. */
  private List<String> defaults() {
    List<String> d = new ArrayList<>(List.of("storage.path=" + data, "storage.flush_interval=5s"));
    List<String> rules = SHIPPED_RULES.stream().filter(f -> Files.isRegularFile(Path.of(f))).toList();
    if (!rules.isEmpty()) {
      d.add("rules.files=[" + String.join(", ", rules) + "]");
    }
    return d;
  }
}
