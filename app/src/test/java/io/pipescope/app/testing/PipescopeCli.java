package io.pipescope.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code pipescope} command line as a pipeline runs it: a child JVM on the test classpath,
 * reached through a {@code pipescope} launcher script on {@code PATH} so shell scripts can call it
 * by name. The child's environment is the test's without any OpenTelemetry, trace-context or
 * pipescope feature variable, plus what the test sets: no test sends spans anywhere by accident.
 */
public final class PipescopeCli {
  /** A hang guard, not a speed claim: every command here ends in a few seconds. */
  private static final long WAIT_SECONDS = 120;
  /** Quick start-up for a short-lived JVM. */
  private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /** How one run ended. */
  public record Run(int exitCode, String stdout, String stderr) {}

  private final Path dir;
  private final Path bin;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final AtomicInteger runs = new AtomicInteger();

  public PipescopeCli(Path dir) {
    this.dir = dir;
    this.bin = dir.resolve("bin");
    try {
      Files.createDirectories(bin);
      StringBuilder launcher = new StringBuilder("#!/bin/sh\nexec ").append(quoted(java()));
      for (String option : JVM_OPTIONS) {
        launcher.append(' ').append(option);
      }
      launcher.append(" -cp ").append(quoted(System.getProperty("java.class.path")))
          .append(" io.pipescope.app.Main \"$@\"\n");
      Path script = bin.resolve("pipescope");
      Files.writeString(script, launcher);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.getenv().forEach((name, value) -> {
      boolean tracing = name.startsWith("OTEL_") || name.startsWith("PIPESCOPE_") || name.equals("TRACEPARENT")
          || name.equals("TRACESTATE") || name.equals("BAGGAGE");
      if (!tracing) {
        environment.put(name, value);
      }
    });
    environment.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** Sets a variable for every later run. */
  public PipescopeCli with(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs {@code pipescope args...} and waits for it. */
  public Run run(String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pipescope").toString()));
    command.addAll(List.of(args));
    return await(start(command));
  }

  /** Runs a POSIX shell script in which {@code pipescope} is on PATH, and waits for it. */
  public Run shell(String script) {
    return await(start(List.of("/bin/sh", "-c", script)));
  }

  /** Starts {@code pipescope args...} without waiting; {@link #await} collects it. */
  public Started start(String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pipescope").toString()));
    command.addAll(List.of(args));
    return start(command);
  }

  /** A run in progress, its output going to files. */
  public record Started(Process process, Path stdout, Path stderr) {}

  private Started start(List<String> command) {
    int n = runs.incrementAndGet();
    Path stdout = dir.resolve("run-" + n + ".out");
    Path stderr = dir.resolve("run-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      return new Started(builder.start(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Run await(Started started) {
    try {
      if (!started.process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        started.process().destroyForcibly();
        throw new AssertionError("pipescope did not finish: " + Files.readString(started.stderr()));
      }
      return new Run(started.process().exitValue(), Files.readString(started.stdout()),
          Files.readString(started.stderr()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
