package io.pipescope.query.notifier;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One Alertmanager, reached through its v2 API.
 *
 * @param url its base URL, with any path prefix ({@code http://alertmanager:9093}); alerts go to
 *     {@code <url>/api/v2/alerts}
 * @param timeout how long one send may take (Prometheus's {@code timeout}, 10 s by default)
 * @param headers sent with every request, such as an {@code Authorization}
 */
public record AlertmanagerTarget(URI url, Duration timeout, Map<String, String> headers) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AlertmanagerTarget {
    url = HttpTargets.checkUrl(url, "alertmanager url");
    HttpTargets.checkTimeout(timeout);
    headers = HttpTargets.checkHeaders(headers);
  }

  public AlertmanagerTarget(URI url, Duration timeout) {
    this(url, timeout, Map.of());
  }

  URI alertsEndpoint() {
    return URI.create(HttpTargets.withoutTrailingSlash(url.toString()) + "/api/v2/alerts");
  }
}
