package io.pipescope.app.cli;

import io.pipescope.app.config.ConfigTree;
import io.pipescope.app.loadgen.LoadGenerator;
import io.pipescope.app.loadgen.LoadSummary;
import io.pipescope.app.loadgen.LoadgenOptions;
import io.pipescope.app.loadgen.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipescope loadgen}: load-tests an OTLP endpoint (pipescope's own) with simulated factory traffic. */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Sends simulated software-factory traces to an OTLP endpoint with N concurrent exporters, flat out or at a",
      "target rate, and reports throughput, export latency (p50/p95/p99/max) and every answer by status.",
      "Progress goes to stderr once a second; the summary to stdout (and as JSON with --summary-json).",
      "",
      "Example: pipescope loadgen --protocol grpc --endpoint 127.0.0.1:4317 --exporters 4 --duration 30s"
    })
public final class LoadgenCommand implements Callable<Integer> {
  @Option(names = {"-p", "--protocol"}, paramLabel = "PROTOCOL", defaultValue = "grpc",
      description = "grpc, http/protobuf or http/json (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = {"-e", "--endpoint"}, paramLabel = "HOST[:PORT]",
      description = "Where to send (default 127.0.0.1:4317 for grpc, 127.0.0.1:4318 for http).")
  String endpoint;

  @Option(names = {"-c", "--exporters"}, paramLabel = "N", defaultValue = "4",
      description = "Concurrent exporters, each its own connection with one request in flight (default: ${DEFAULT-VALUE}).")
  int exporters;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "SPANS", defaultValue = "512",
      description = "Spans per export request (default: ${DEFAULT-VALUE}, the SDK batch processor's).")
  int batchSize;

  @Option(names = {"-r", "--rate"}, paramLabel = "SPANS_PER_SECOND",
      description = "Target rate across all exporters; without it, flat out.")
  Double rate;

  @Option(names = {"-d", "--duration"}, paramLabel = "DURATION",
      description = "How long to send, e.g. 30s, 5m (default 30s unless --spans is given).")
  String duration;

  @Option(names = {"-n", "--spans"}, paramLabel = "N", description = "Spans to send in all; the run ends at this count.")
  Long spans;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Simulator seed; the same seed sends the same features (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--gzip", description = "Compress request bodies with gzip.")
  boolean gzip;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "A request unanswered for this long counts as failed (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path summaryJson;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (one updating line on a terminal, plain lines otherwise), line, plain or off.")
  String progressMode;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LoadgenOptions options;
    ProgressPrinter printer;
    try {
      options = options();
      printer = new ProgressPrinter(spec.commandLine().getErr(), progressMode);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    String unreachable = unreachable(options);
    if (unreachable != null) {
      spec.commandLine().getErr().println("pipescope loadgen: cannot connect to " + options.endpoint() + ": " + unreachable);
      return 1;
    }
    LoadGenerator generator = new LoadGenerator(options);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      generator.stop();
      try {
        finished.await(); // let the summary print before the JVM exits
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "loadgen-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    LoadSummary summary;
    try {
      summary = generator.run(printer);
      printer.finish();
      out.print(summary.toText());
      out.flush();
      if (summaryJson != null) {
        Files.writeString(summaryJson, summary.toJson());
      }
    } finally {
      // After the summary is out: on Ctrl-C the hook holds the JVM until here.
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
    } catch (IllegalStateException e) {
      // Shutting down already (Ctrl-C): the hook has run.
    }
    return summary.spansAccepted() > 0 ? 0 : 1;
  }

  LoadgenOptions options() {
    LoadgenOptions.Protocol wire = LoadgenOptions.Protocol.of(protocol.toLowerCase(Locale.ROOT));
    String host = "127.0.0.1";
    int port = wire.defaultPort();
    if (endpoint != null) {
      String e = endpoint.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
      int colon = e.lastIndexOf(':');
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        host = e.substring(1, close);
        colon = e.indexOf(':', close);
      } else if (colon >= 0) {
        host = e.substring(0, colon);
      } else {
        host = e;
      }
      if (colon >= 0) {
        try {
          port = Integer.parseInt(e.substring(colon + 1));
        } catch (NumberFormatException nfe) {
          throw new IllegalArgumentException("--endpoint: not a port in '" + endpoint + "'");
        }
      }
    }
    Duration runFor = duration != null ? parse("--duration", duration) : spans == null ? Duration.ofSeconds(30) : null;
    return new LoadgenOptions(wire, host, port, exporters, batchSize, rate == null ? 0 : rate, runFor,
        spans == null ? 0 : spans, seed, gzip, parse("--timeout", timeout));
  }

  private static Duration parse(String option, String value) {
    try {
      return ConfigTree.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": '" + value + "' is not a duration such as 500ms, 30s or 5m");
    }
  }

  /** Why the endpoint cannot be reached, or null: a run against nothing would only count errors. */
  private static String unreachable(LoadgenOptions options) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(options.host(), options.port()), 3_000);
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Live progress: one line rewritten in place on a terminal, one line a second otherwise. */
  static final class ProgressPrinter implements Consumer<Progress> {
    private final PrintWriter err;
    private final boolean inPlace;
    private final boolean off;
    private boolean printed;

    ProgressPrinter(PrintWriter err, String mode) {
      this.err = err;
      switch (mode) {
        case "auto" -> {
          this.inPlace = System.console() != null;
          this.off = false;
        }
        case "line" -> {
          this.inPlace = true;
          this.off = false;
        }
        case "plain" -> {
          this.inPlace = false;
          this.off = false;
        }
        case "off" -> {
          this.inPlace = false;
          this.off = true;
        }
        default -> throw new IllegalArgumentException("--progress: use auto, line, plain or off, not '" + mode + "'");
      }
    }

    @Override
    public synchronized void accept(Progress p) {
      if (off) {
        return;
      }
      String line = String.format(Locale.ROOT,
          "%6.1f s  %,10.0f spans/s  accepted %,d  refused %,d  errors %,d%s  p50 %.2f ms  p99 %.2f ms",
          p.elapsedSeconds(), p.spansPerSecond(), p.spansAccepted(), p.spansRefused(), p.spansErrors(),
          p.requestsDropped() > 0 ? String.format(Locale.ROOT, "  dropped %,d", p.requestsDropped()) : "",
          p.p50Millis(), p.p99Millis());
      if (inPlace) {
        err.print("\r" + line + "\033[K");
      } else {
        err.println(line);
      }
      err.flush();
      printed = true;
    }

    synchronized void finish() {
      if (inPlace && printed) {
        err.println();
      }
    }
  }
}
