package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.cli.PipescopeCommand;
import io.pipescope.app.config.PipescopeConfig;
import io.pipescope.app.testing.Dockerfile;
import io.pipescope.app.testing.GrafanaDashboard;
import io.pipescope.app.testing.GrafanaProvisioning;
import io.pipescope.query.testing.DebianPackages;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/docker-compose.yml, checked without a Docker engine: pipescope is built from the
 * Dockerfile and publishes its ports, its command parses for both {@code serve} and {@code demo}
 * with a configuration pipescope accepts, Grafana gets the provisioning and dashboards it is told to
 * load, the data sources name pipescope's service, and Alertmanager's configuration passes amtool.
 */
class DockerComposeTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path LOCAL_CONFIG = DEPLOY.resolve("docker").resolve("pipescope.yaml");

  private final Map<String, Object> compose = GrafanaProvisioning.yamlMap(DEPLOY.resolve("docker-compose.yml"));
  private final Dockerfile dockerfile = Dockerfile.parse(DockerfileTest.DOCKERFILE);

  @Test
  void pipescopeIsBuiltFromTheDockerfileAndPublishesItsPorts() {
    Map<String, Object> pipescope = service("pipescope");
    Map<String, Object> build = map(pipescope.get("build"));
    Path context = DEPLOY.resolve((String) build.get("context")).normalize();
    assertTrue(Files.isRegularFile(context.resolve("mvnw")), "the build context is the repository root: " + context);
    assertEquals(DockerfileTest.DOCKERFILE.normalize(), context.resolve((String) build.get("dockerfile")).normalize());
    Set<String> exposed = Set.copyOf(dockerfile.one("EXPOSE").words());
    assertEquals(exposed, containerPorts(pipescope), "every exposed port is published");
    List<String> volumes = strings(pipescope.get("volumes"));
    String volume = dockerfile.one("VOLUME").args();
    assertTrue(volumes.stream().anyMatch(v -> v.endsWith(":" + volume)
        && map(compose.get("volumes")).containsKey(v.substring(0, v.indexOf(':')))),
        "a named volume on the image's " + volume + ": " + volumes);
    assertTrue(GrafanaDashboard.duration((String) pipescope.get("stop_grace_period"))
        .compareTo(PipescopeConfig.defaults().shutdownGrace()) > 0, "docker stop waits for pipescope's drain");
  }

  @Test
  void theCommandRunsServeOrDemoOnAConfigurationPipescopeAccepts() {
    List<String> command = strings(service("pipescope").get("command"));
    assertEquals("${PIPESCOPE_COMMAND:-serve}", command.get(0));
    for (String subcommand : List.of("serve", "demo")) {
      List<String> args = new ArrayList<>(command);
      args.set(0, subcommand);
      // picocli refuses an unknown option or a missing value, as pipescope would at start.
      new CommandLine(new PipescopeCommand()).parseArgs(args.toArray(String[]::new));
    }
    assertEquals(DockerfileTest.CONFIG_IN_IMAGE, command.get(command.indexOf("--config") + 1));
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < command.size() - 1; i++) {
      if (command.get(i).equals("--set")) {
        sets.add(command.get(i + 1));
      }
    }
    PipescopeConfig config = PipescopeConfig.load(LOCAL_CONFIG, sets);
    assertEquals(1, config.alerting().alertmanagers().size());
    URI alertmanager = config.alerting().alertmanagers().get(0).url();
    assertTrue(containerPorts(service(alertmanager.getHost())).contains(Integer.toString(alertmanager.getPort())),
        "alerts go to the compose service " + alertmanager);
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaLoadsTheProvisioningAndTheDashboardsAndQueriesPipescopesService() {
    Map<String, Object> grafana = service("grafana");
    Map<String, String> mounts = new HashMap<>();
    for (String v : strings(grafana.get("volumes"))) {
      String[] parts = v.split(":");
      if (parts[0].startsWith("./")) {
        assertTrue(Files.exists(DEPLOY.resolve(parts[0])), "mounted " + parts[0] + " exists");
        mounts.put(parts[1], parts[0]);
      }
    }
    assertEquals("./grafana/provisioning", mounts.get("/etc/grafana/provisioning"));
    GrafanaProvisioning provisioning = GrafanaProvisioning.load();
    String dashboards = (String) ((Map<String, Object>) provisioning.providers().get(0).get("options")).get("path");
    assertEquals("./grafana/dashboards", mounts.get(dashboards), "the provider's path is where the dashboards are");
    Map<String, Object> env = map(grafana.get("environment"));
    String home = (String) env.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertTrue(home.startsWith(dashboards + "/")
        && Files.isRegularFile(DEPLOY.resolve(mounts.get(dashboards)).resolve(home.substring(dashboards.length() + 1))),
        "the home dashboard is one of the mounted files: " + home);
    assertEquals("true", env.get("GF_AUTH_ANONYMOUS_ENABLED"));
    assertEquals("Viewer", env.get("GF_AUTH_ANONYMOUS_ORG_ROLE"), "anonymous users only view");
    for (Map<String, Object> ds : provisioning.datasources()) {
      URI url = URI.create((String) ds.get("url"));
      assertTrue(containerPorts(service(url.getHost())).contains(Integer.toString(url.getPort())),
          ds.get("name") + " queries the compose service " + url);
    }
  }

  @Test
  void alertmanagersConfigurationPassesAmtool() throws Exception {
    String mount = strings(service("alertmanager").get("volumes")).stream()
        .filter(v -> v.endsWith(":/etc/alertmanager/alertmanager.yml:ro")).findFirst().orElseThrow();
    Path config = DEPLOY.resolve(mount.substring(0, mount.indexOf(':')));
    DebianPackages.ensure("amtool=prometheus-alertmanager");
    Process p = new ProcessBuilder("amtool", "check-config", config.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "amtool did not finish");
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("SUCCESS"), output);
  }

  private Map<String, Object> service(String name) {
    Map<String, Object> service = map(map(compose.get("services")).get(name));
    assertNotNull(service, "no service " + name + " in docker-compose.yml");
    return service;
  }

  /** The container side of each published port ("host:container"). */
  private static Set<String> containerPorts(Map<String, Object> service) {
    return strings(service.get("ports")).stream().map(p -> p.substring(p.lastIndexOf(':') + 1))
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return ((List<Object>) o).stream().map(String::valueOf).toList();
  }
}
