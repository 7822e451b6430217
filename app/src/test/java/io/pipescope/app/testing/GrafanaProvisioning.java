package io.pipescope.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * deploy/grafana/provisioning as Grafana reads it (apiVersion 1): the data sources and the dashboard
 * provider, parsed with SnakeYAML Engine.
 */
public record GrafanaProvisioning(Map<String, Object> datasourcesFile, Map<String, Object> dashboardsFile) {
  public static final Path ROOT = Path.of("..", "deploy", "grafana", "provisioning");
  public static final Path DATASOURCES = ROOT.resolve("datasources").resolve("pipescope.yaml");
  public static final Path DASHBOARD_PROVIDERS = ROOT.resolve("dashboards").resolve("pipescope.yaml");

  public static GrafanaProvisioning load() {
    return new GrafanaProvisioning(yamlMap(DATASOURCES), yamlMap(DASHBOARD_PROVIDERS));
  }

  /** A YAML file whose top level is a mapping. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> yamlMap(Path file) {
    try {
      Object doc = new Load(LoadSettings.builder().setLabel(file.toString()).build())
          .loadFromString(Files.readString(file));
      if (!(doc instanceof Map)) {
        throw new AssertionError(file + " is not a YAML mapping");
      }
      return (Map<String, Object>) doc;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> datasources() {
    return (List<Map<String, Object>>) datasourcesFile.get("datasources");
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> providers() {
    return (List<Map<String, Object>>) dashboardsFile.get("providers");
  }

  /** The one data source of this type. */
  public Map<String, Object> datasource(String type) {
    List<Map<String, Object>> found = datasources().stream().filter(d -> type.equals(d.get("type"))).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one data source of type " + type + " in " + DATASOURCES + ", found "
          + found.size());
    }
    return found.get(0);
  }

  /** Whether a data source of this type has this uid. */
  public boolean hasDatasource(String type, String uid) {
    return datasources().stream().anyMatch(d -> type.equals(d.get("type")) && uid.equals(d.get("uid")));
  }

  /** The Prometheus data source's {@code timeInterval}: Grafana's scrape interval for $__rate_interval. */
  @SuppressWarnings("unchecked")
  public Duration scrapeInterval() {
    Map<String, Object> jsonData = (Map<String, Object>) datasource("prometheus").get("jsonData");
    return GrafanaDashboard.duration(String.valueOf(jsonData.get("timeInterval")));
  }
}
