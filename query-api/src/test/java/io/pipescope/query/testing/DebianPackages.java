package io.pipescope.query.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Installs the Debian packages a test needs through the project's own
 * {@code scripts/ensure-debian-packages.sh}, so a fresh machine runs the same tests. A failed
 * install fails the test: a tool that cannot be had must never turn into a silent skip.
 */
public final class DebianPackages {
  static final String SCRIPT = "scripts/ensure-debian-packages.sh";
  /** Debian's prometheus package brings both the server and promtool. */
  public static final String[] PROMETHEUS = {"prometheus=prometheus", "promtool=prometheus"};
  public static final String[] ALERTMANAGER = {"prometheus-alertmanager=prometheus-alertmanager"};
  /** apt-get update and install on a cold machine; generous, yet bounded. */
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private static final Set<String> ensured = new HashSet<>();

  private DebianPackages() {}

  /**
   * Makes each command available, installing its package when missing.
   *
   * @param commandEqualsPackage pairs such as {@code "promtool=prometheus"}
   * @throws AssertionError when the script fails, with its output
   */
  public static synchronized void ensure(String... commandEqualsPackage) {
    List<String> wanted = new ArrayList<>();
    for (String pair : commandEqualsPackage) {
      if (!ensured.contains(pair)) {
        wanted.add(pair);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Path root = repositoryRoot();
    List<String> command = new ArrayList<>();
    command.add(root.resolve(SCRIPT).toString());
    command.addAll(wanted);
    try {
      Path log = Files.createTempFile("pipescope-ensure-packages", ".log");
      try {
        Process p = new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within "
              + INSTALL_TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
          throw new AssertionError(String.join(" ", command) + " failed with exit code " + p.exitValue()
              + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
    ensured.addAll(wanted);
  }

  /** The checkout's root: the first directory up from the working directory that holds the script. */
  static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir;
      }
    }
    throw new AssertionError("no " + SCRIPT + " in " + start + " or any directory above it");
  }
}
