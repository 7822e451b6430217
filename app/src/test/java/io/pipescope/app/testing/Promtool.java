package io.pipescope.app.testing;

import io.pipescope.query.testing.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code promtool}, installed on first use. */
public final class Promtool {
  private static final String BINARY = "/usr/bin/promtool";

  /** What {@code promtool} said: its exit code and its combined stdout and stderr. */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  /**
   * Pipes a Prometheus text-format exposition to {@code promtool check metrics}, which parses it
   * and lints names, types and help (exit 0 only when it has nothing to say).
   */
  public static Result checkMetrics(String exposition) {
    try {
      Path input = Files.createTempFile("pipescope-exposition", ".txt");
      try {
        Files.writeString(input, exposition, StandardCharsets.UTF_8);
        return run(input, "check", "metrics");
      } finally {
        Files.deleteIfExists(input);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot write promtool's input: " + e.getMessage(), e);
    }
  }

  /** {@code promtool check rules FILE...}: syntax and PromQL of recording and alerting rules. */
  public static Result checkRules(Path... files) {
    return run(null, args("check", "rules", files));
  }

  /** {@code promtool test rules FILE...}: rule unit tests (input series, expected results). */
  public static Result testRules(Path... files) {
    return run(null, args("test", "rules", files));
  }

  /** {@code promtool query instant --time T SERVER EXPR}. */
  public static Result queryInstant(String server, String expr, long timeSeconds) {
    return run(null, "query", "instant", "--time=" + timeSeconds, server, expr);
  }

  /** {@code promtool query range --start S --end E --step STEP SERVER EXPR}. */
  public static Result queryRange(String server, String expr, long startSeconds, long endSeconds, String step) {
    return run(null, "query", "range", "--start=" + startSeconds, "--end=" + endSeconds, "--step=" + step, server,
        expr);
  }

  private static String[] args(String verb, String noun, Path... files) {
    List<String> all = new ArrayList<>(List.of(verb, noun));
    for (Path f : files) {
      all.add(f.toAbsolutePath().toString());
    }
    return all.toArray(String[]::new);
  }

  private static Result run(Path stdin, String... args) {
    DebianPackages.ensure(DebianPackages.PROMETHEUS);
    List<String> command = new ArrayList<>();
    command.add(BINARY);
    command.addAll(List.of(args));
    try {
      // Files, not pipes, on both sides: no buffer can fill up and stall either process.
      Path output = Files.createTempFile("pipescope-promtool", ".log");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (stdin != null) {
          builder.redirectInput(stdin.toFile());
        }
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + BINARY + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running promtool", e);
    }
  }
}
