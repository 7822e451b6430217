package io.pipescope.query.notifier;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/** Posts a batch of alerts to one Alertmanager's v2 API; any 2xx is success. */
final class AlertmanagerClient {
  private static final Logger LOG = Logger.getLogger(AlertmanagerClient.class.getName());

  private AlertmanagerClient() {}

  /** Completes with whether the Alertmanager accepted {@code body}; never completes exceptionally. */
  static CompletableFuture<Boolean> post(HttpClient http, AlertmanagerTarget target, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(target.alertsEndpoint())
        .timeout(target.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "pipescope")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    target.headers().forEach(builder::header);
    HttpRequest request = builder.build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      if (failure != null) {
        LOG.warning("sending alerts to " + target.alertsEndpoint() + " failed: " + failure.getMessage());
        return false;
      }
      if (response.statusCode() / 100 != 2) {
        LOG.warning("sending alerts to " + target.alertsEndpoint() + " failed: HTTP " + response.statusCode()
            + " " + response.body());
        return false;
      }
      return true;
    });
  }
}
