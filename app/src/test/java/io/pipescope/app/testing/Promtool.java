package io.pipescope.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    DebianPackages.ensure(DebianPackages.PROMETHEUS);
    try {
      // Files, not pipes, on both sides: no buffer can fill up and stall either process.
      Path input = Files.createTempFile("pipescope-exposition", ".txt");
      Path output = Files.createTempFile("pipescope-promtool", ".log");
      try {
        Files.writeString(input, exposition, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(BINARY, "check", "metrics")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("promtool check metrics did not finish within 30 s");
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(input);
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
