package io.pipescope.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.query.testing.DebianPackages;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, clustering off,
 * routing every alert, grouped by alert name, to one webhook at once and resolutions too.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  private static final String BINARY = "/usr/bin/prometheus-alertmanager";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackServerProcess server;

  private AlertmanagerProcess(LoopbackServerProcess server) {
    this.server = server;
  }

  /** Installs Alertmanager when missing and starts it notifying {@code webhook}. */
  public static AlertmanagerProcess start(Path dir, URI webhook) throws IOException {
    DebianPackages.ensure(DebianPackages.ALERTMANAGER);
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, """
        route:
          receiver: pipeline-team
          group_by: [alertname]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: pipeline-team
            webhook_configs:
              - url: "%s"
                send_resolved: true
        """.formatted(webhook), StandardCharsets.UTF_8);
    return new AlertmanagerProcess(LoopbackServerProcess.start("alertmanager", dir, port -> List.of(BINARY,
        "--config.file=" + config,
        "--storage.path=" + dir.resolve("alertmanager-data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=",
        "--log.level=warn")));
  }

  /** The base URL pipescope sends alerts to. */
  public String baseUrl() {
    return server.base().toString();
  }

  /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds, resolved ones excluded. */
  public JsonNode alerts() {
    String body = server.get("/api/v2/alerts");
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw server.failure("/api/v2/alerts answered with something other than JSON:\n" + body, e);
    }
  }

  public String log() {
    return server.log();
  }

  public AssertionError failure(String message) {
    return server.failure(message, null);
  }

  @Override
  public void close() {
    server.close();
  }
}
