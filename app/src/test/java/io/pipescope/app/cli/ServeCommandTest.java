package io.pipescope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipescope serve} as a real process: starts, answers, reloads on SIGHUP and stops cleanly on SIGTERM. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void sigtermStopsAcceptingFinishesAndExits() throws Exception {
    int api = freePort();
    Path log = dir.resolve("serve.log");
    Process process = start(log, "serve", "--grpc-port", Integer.toString(freePort()),
        "--http-port", Integer.toString(freePort()), "--api-port", Integer.toString(api),
        "--set", "storage.path=" + dir.resolve("data"));
    try {
      awaitLog(log, "is running", process);
      HttpResponse<String> healthy = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/-/healthy")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, healthy.statusCode());
      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "pipescope did not exit after SIGTERM");
      String output = Files.readString(log);
      assertTrue(output.contains("shutting down") && output.contains("stopped"), output);
      // 143 = 128 + SIGTERM: the JVM's exit status after running its shutdown hooks.
      assertEquals(143, process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void sighupReloadsTheRuleFilesAndABrokenOneLeavesTheLoadedRulesRunning() throws Exception {
    int api = freePort();
    Path rules = Files.writeString(dir.resolve("rules.yml"), ruleFile("first:sum"));
    Path log = dir.resolve("hup.log");
    Process process = start(log, "serve", "--grpc-port", Integer.toString(freePort()),
        "--http-port", Integer.toString(freePort()), "--api-port", Integer.toString(api),
        "--set", "storage.path=" + dir.resolve("data"), "--set", "rules.files=[" + rules + "]");
    try {
      awaitLog(log, "is running", process);
      assertTrue(rulesApi(api).contains("first:sum"), rulesApi(api));
      Files.writeString(rules, ruleFile("second:sum"));
      hangUp(process);
      awaitLog(log, "rule files reloaded", process);
      assertTrue(rulesApi(api).contains("second:sum"), rulesApi(api));

      Files.writeString(rules, "groups:\n  - name: broken\n    rules:\n      - record: x\n        expr: sum((\n");
      hangUp(process);
      awaitLog(log, "reload rejected", process);
      assertTrue(Files.readString(log).contains("rules.yml"), Files.readString(log));
      assertTrue(rulesApi(api).contains("second:sum"), rulesApi(api));
    } finally {
      process.destroyForcibly();
    }
  }

  private static void hangUp(Process process) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor());
  }

  private static String ruleFile(String record) {
    return "groups:\n  - name: g\n    interval: 1s\n    rules:\n      - record: " + record
        + "\n        expr: vector(1)\n";
  }

  private static String rulesApi(int port) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rules")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void badConfigurationExitsWithCode2AndNamesTheKey() throws Exception {
    Path log = dir.resolve("bad.log");
    Process process = start(log, "serve", "--set", "ingest.limits.max_spans=5");
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("unknown configuration key ingest.limits.max_spans"), output);
  }

  @Test
  void versionAndHelpWork() throws Exception {
    Path log = dir.resolve("version.log");
    Process version = start(log, "--version");
    assertTrue(version.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, version.exitValue());
    assertTrue(Files.readString(log).startsWith("pipescope "), Files.readString(log));
    Path helpLog = dir.resolve("help.log");
    Process help = start(helpLog, "serve", "--help");
    assertTrue(help.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, help.exitValue());
    assertTrue(Files.readString(helpLog).contains("--config"));
  }

  private static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.pipescope.app.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitLog(Path log, String text, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (output.contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("pipescope exited early: " + output);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("pipescope did not print '" + text + "': " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
