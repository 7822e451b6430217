package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.testing.GrafanaDashboard;
import io.pipescope.app.testing.SystemdUnit;
import io.pipescope.query.testing.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd: the unit runs {@code serve} on the configuration beside it as a dedicated user,
 * reloads rules with SIGHUP, gives pipescope time to drain, writes nowhere but its data directory,
 * and {@code systemd-analyze verify} accepts it without a warning.
 */
class SystemdUnitTest {
  private static final Path DIR = Path.of("..", "deploy", "systemd");
  private static final String SERVICE = "Service";

  private final SystemdUnit unit = SystemdUnit.parse(DIR.resolve("pipescope.service"));

  @Test
  void runsServeOnItsConfigurationAsADedicatedUser() {
    String exec = unit.value(SERVICE, "ExecStart");
    assertTrue(exec.contains(" -jar ") && exec.endsWith(" serve --config /etc/pipescope/pipescope.yaml"), exec);
    assertEquals("pipescope", unit.value(SERVICE, "User"));
    assertEquals("/bin/kill -HUP $MAINPID", unit.value(SERVICE, "ExecReload"), "pipescope reloads rules on SIGHUP");
    assertTrue(GrafanaDashboard.duration(unit.value(SERVICE, "TimeoutStopSec")).compareTo(
        PipescopeConfig.defaults().shutdownGrace()) > 0, "longer than pipescope's drain after SIGTERM");
    assertEquals("multi-user.target", unit.value("Install", "WantedBy"));

    PipescopeConfig config = PipescopeConfig.load(DIR.resolve("pipescope.yaml"), List.of());
    Path data = config.storage().path();
    assertEquals(Path.of("/var/lib", unit.value(SERVICE, "StateDirectory")), data, "the store is the state directory");
    assertTrue(unit.values(SERVICE, "ReadWritePaths").stream().flatMap(v -> List.of(v.split("\\s+")).stream())
        .anyMatch(p -> data.startsWith(p)), "the store is writable under ProtectSystem=strict");
    assertEquals("127.0.0.1", config.api().bindHost(), "loopback until the operator opens it");
    for (String rules : config.rules().files()) {
      assertTrue(rules.startsWith("/etc/pipescope/rules/")
          && Files.isRegularFile(Path.of("..", "deploy", "rules", Path.of(rules).getFileName().toString())),
          rules + " is one of deploy/rules, installed under /etc/pipescope/rules");
    }
  }

  @Test
  void isHardened() {
    for (String[] setting : new String[][] {{"NoNewPrivileges", "yes"}, {"ProtectSystem", "strict"},
        {"ProtectHome", "yes"}, {"PrivateTmp", "yes"}, {"PrivateDevices", "yes"}, {"CapabilityBoundingSet", ""}}) {
      assertEquals(setting[1], unit.value(SERVICE, setting[0]), setting[0]);
    }
    assertTrue(Long.parseLong(unit.value(SERVICE, "LimitNOFILE")) >= 65536,
        "segment files, blocks and connections: " + unit.value(SERVICE, "LimitNOFILE"));
    assertNotEquals("yes", unit.value(SERVICE, "MemoryDenyWriteExecute"), "the JVM's JIT writes and runs code");
  }

  @Test
  void systemdAnalyzeVerifiesItWithoutAWarning(@TempDir Path dir) throws Exception {
    DebianPackages.ensure("systemd-analyze=systemd");
    // verify checks that ExecStart's program exists: point it at this JVM, wherever it is installed.
    String java = ProcessHandle.current().info().command().orElseThrow();
    String text = Files.readString(DIR.resolve("pipescope.service"));
    assertTrue(text.contains("ExecStart=/usr/bin/java "), "ExecStart runs Debian's java");
    Path copy = dir.resolve("pipescope.service");
    Files.writeString(copy, text.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
    Process p = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
    String output = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.exitValue(), output);
    assertEquals("", output, "systemd-analyze warns: an unknown key or a bad value is only a warning");
  }
}
