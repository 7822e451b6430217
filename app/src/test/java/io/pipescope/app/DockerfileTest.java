package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.testing.Dockerfile;
import io.pipescope.app.testing.Dockerfile.Instruction;
import io.pipescope.app.testing.RunningPipescope;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile, linted without a Docker engine: the build stage has every module the app is
 * built from, the files it copies exist and are not ignored, the image exposes pipescope's default
 * ports, runs as a non-root user on the configuration it copies, keeps its data in the volume, and
 * its HEALTHCHECK command really tells a healthy pipescope from no pipescope.
 */
class DockerfileTest {
  static final Path ROOT = Path.of("..");
  static final Path DOCKERFILE = ROOT.resolve("deploy").resolve("Dockerfile");
  static final String CONFIG_IN_IMAGE = "/etc/pipescope/pipescope.yaml";
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>(pipescope-[^<]+)</artifactId>");

  private final Dockerfile dockerfile = Dockerfile.parse(DOCKERFILE);

  @Test
  void buildsOnAJdkAndRunsOnAJre() {
    List<Instruction> from = dockerfile.all("FROM");
    assertEquals(2, from.size(), "a build stage and a runtime stage");
    assertTrue(from.get(0).args().matches("eclipse-temurin:17-jdk\\S* AS build"), from.get(0).args());
    assertTrue(from.get(1).args().matches("eclipse-temurin:17-jre\\S*"), from.get(1).args());
    String build = dockerfile.all("RUN").get(0).args();
    assertTrue(build.contains("./mvnw") && build.contains("-pl app -am package"), build);
  }

  @Test
  void theBuildStageHasEveryModuleTheAppIsBuiltFrom() throws IOException {
    Set<String> copiedDirs = new HashSet<>();
    Set<String> copiedFiles = new HashSet<>();
    for (Instruction copy : dockerfile.all("COPY")) {
      if (copy.option("from") == null) {
        List<String> operands = copy.operands();
        for (String source : operands.subList(0, operands.size() - 1)) {
          (source.endsWith("/") ? copiedDirs : copiedFiles).add(source.replaceAll("/$", ""));
        }
      }
    }
    assertTrue(copiedFiles.containsAll(List.of("mvnw", "pom.xml")) && copiedDirs.contains(".mvn"),
        "the Maven wrapper and the parent POM");
    Map<String, String> moduleOfArtifact = new HashMap<>();
    for (String module : modules(ROOT)) {
      assertTrue(copiedDirs.contains(module) || copiedFiles.contains(module + "/pom.xml"),
          "Maven reads the POM of every module, " + module + "'s too");
      Matcher id = ARTIFACT_ID.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
      while (id.find()) {
        if (!id.group(1).equals("pipescope-parent")) {
          moduleOfArtifact.put(id.group(1), module);
          break;
        }
      }
    }
    // app and, transitively, every module it depends on are built: their sources must be there.
    Deque<String> todo = new ArrayDeque<>(List.of("app"));
    Set<String> needed = new HashSet<>();
    while (!todo.isEmpty()) {
      String module = todo.pop();
      if (!needed.add(module)) {
        continue;
      }
      assertTrue(copiedDirs.contains(module), "the build stage needs all of " + module + "/");
      Matcher dep = ARTIFACT_ID.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
      while (dep.find()) {
        String other = moduleOfArtifact.get(dep.group(1));
        if (other != null && !other.equals(module)) {
          todo.push(other);
        }
      }
    }
    assertTrue(needed.size() >= 5, "app and the modules it needs: " + needed);
  }

  @Test
  void everyCopiedFileExistsAndIsNotIgnored() throws IOException {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertTrue(ignored.containsAll(List.of(".git", "**/target")), "build output and history stay out: " + ignored);
    int sources = 0;
    for (Instruction copy : dockerfile.all("COPY")) {
      if (copy.option("from") != null) {
        continue;
      }
      List<String> operands = copy.operands();
      for (String source : operands.subList(0, operands.size() - 1)) {
        assertTrue(Files.exists(ROOT.resolve(source)), "COPY " + source + ": no such file in the build context");
        assertFalse(source.contains("target/") || ignored.contains(source.replaceAll("/$", "")),
            "COPY " + source + " is excluded by .dockerignore");
        sources++;
      }
    }
    assertTrue(sources >= 10, "copied sources: " + sources);
  }

  @Test
  void theImageRunsAsAUserOnItsConfigurationWithDataInTheVolume() {
    List<Instruction> image = dockerfile.finalStage();
    String user = image.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow().args();
    assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), "USER " + user);
    assertEquals(List.of("java", "-jar", "/opt/pipescope/pipescope-app.jar"),
        Dockerfile.execForm(dockerfile.one("ENTRYPOINT").args()));
    assertTrue(image.stream().anyMatch(i -> i.keyword().equals("COPY") && "build".equals(i.option("from"))
        && i.operands().get(1).equals("/opt/pipescope/pipescope-app.jar")), "the jar the ENTRYPOINT runs");
    assertTrue(image.stream().anyMatch(i -> i.keyword().equals("COPY") && "build".equals(i.option("from"))
        && i.operands().get(1).equals("/opt/pipescope/lib/")), "its lib/ beside it (the jar's Class-Path)");
    assertEquals(List.of("serve", "--config", CONFIG_IN_IMAGE), Dockerfile.execForm(dockerfile.one("CMD").args()));

    PipescopeConfig config = PipescopeConfig.load(copySource(CONFIG_IN_IMAGE), List.of());
    assertEquals("0.0.0.0", config.ingest().bindHost(), "spans from other containers");
    assertEquals("0.0.0.0", config.api().bindHost(), "queries from Grafana's container");
    assertEquals(dockerfile.one("VOLUME").args(), config.storage().path().toString(), "the store is in the volume");
    assertEquals(dockerfile.one("VOLUME").args(), image.stream().filter(i -> i.keyword().equals("WORKDIR"))
        .reduce((a, b) -> b).orElseThrow().args(), "relative paths land in the volume");
    for (String rules : config.rules().files()) {
      Path source = copySource(rules);
      assertTrue(Files.isRegularFile(source), rules + " comes from " + source);
    }
  }

  @Test
  void exposesPipescopesDefaultPorts() {
    PipescopeConfig defaults = PipescopeConfig.defaults();
    Set<Integer> exposed = dockerfile.one("EXPOSE").words().stream().map(Integer::valueOf).collect(Collectors.toSet());
    assertEquals(Set.of(defaults.ingest().grpcPort(), defaults.ingest().httpPort(), defaults.api().port()), exposed);
  }

  @Test
  void theHealthcheckPassesOnAHealthyPipescopeAndFailsWithoutOne() throws Exception {
    String args = dockerfile.one("HEALTHCHECK").args();
    int cmd = args.indexOf("CMD ");
    assertTrue(cmd > 0, "HEALTHCHECK [options] CMD [...]: " + args);
    List<String> command = Dockerfile.execForm(args.substring(cmd + 4));
    String port = Integer.toString(PipescopeConfig.defaults().api().port());
    assertTrue(String.join(" ", command).contains("/-/healthy") && String.join(" ", command).contains(port),
        "asks pipescope's /-/healthy on its API port: " + command);
    try (RunningPipescope pipescope = RunningPipescope.start()) {
      int live = pipescope.pipescope().apiAddress().getPort();
      assertEquals(0, run(command, port, live), "healthy pipescope on port " + live);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertNotEquals(0, run(command, port, closed), "nothing listening on port " + closed);
  }

  /** The command with the API port replaced, run as Docker runs an exec-form HEALTHCHECK. */
  private static int run(List<String> command, String port, int actual) throws Exception {
    List<String> replaced = new ArrayList<>();
    for (String arg : command) {
      replaced.add(arg.replace("/" + port, "/" + actual));
    }
    Process p = new ProcessBuilder(replaced).redirectErrorStream(true).start();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the health check did not finish: " + replaced);
    p.getInputStream().readAllBytes();
    return p.exitValue();
  }

  /** The file in the build context a COPY of the final stage puts at {@code destination}. */
  private Path copySource(String destination) {
    for (Instruction copy : dockerfile.finalStage()) {
      if (!copy.keyword().equals("COPY") || copy.option("from") != null) {
        continue;
      }
      List<String> operands = copy.operands();
      String target = operands.get(operands.size() - 1);
      for (String source : operands.subList(0, operands.size() - 1)) {
        String name = Path.of(source).getFileName().toString();
        if (target.equals(destination) || (target.endsWith("/") && (target + name).equals(destination))) {
          return ROOT.resolve(source);
        }
      }
    }
    throw new AssertionError("no COPY puts a file at " + destination);
  }

  static List<String> modules(Path root) throws IOException {
    List<String> modules = new ArrayList<>();
    Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }
}
