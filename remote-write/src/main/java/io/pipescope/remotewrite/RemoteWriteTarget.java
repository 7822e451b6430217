package io.pipescope.remotewrite;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One remote write receiver: Mimir, Thanos Receive, VictoriaMetrics, or a Prometheus started with
 * {@code --web.enable-remote-write-receiver}.
 *
 * @param url where requests are POSTed, e.g. {@code http://mimir:9009/api/v1/push}
 * @param name names the queue in metrics ({@code remote_name}) and its progress file; empty: derived
 *     from the URL
 * @param timeout for one request, connecting included
 * @param headers added to every request (a tenant header, say); the protocol's own cannot be set
 * @param basicAuth null, or the credentials sent as {@code Authorization: Basic}
 */
public record RemoteWriteTarget(URI url, String name, Duration timeout, Map<String, String> headers,
    BasicAuth basicAuth, QueueConfig queue) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  /** Headers the sender sets itself, as Prometheus refuses them in its configuration. */
  private static final Set<String> RESERVED = Set.of("authorization", "host", "content-encoding", "content-type",
      "content-length", "connection", "user-agent", "x-prometheus-remote-write-version", "transfer-encoding",
      "expect", "upgrade");

  public record BasicAuth(String username, String password) {
    public BasicAuth {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.contains(":")) {
        throw new IllegalArgumentException("basic_auth.username must not contain ':'");
      }
    }

    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=<secret>]";
    }
  }

  public RemoteWriteTarget {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(queue, "queue_config");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("url must be an http:// or https:// URL with a host, got '" + url + "'");
    }
    name = name == null ? "" : name;
    if (!name.isEmpty() && !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name may hold letters, digits, '_', '.' and '-' only, got '" + name + "'");
    }
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    headers = Map.copyOf(new TreeMap<>(headers));
    for (String header : headers.keySet()) {
      if (RESERVED.contains(header.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + header + " is set by the remote write protocol"
            + (header.equalsIgnoreCase("authorization") ? " (use basic_auth)" : "") + " and cannot be configured");
      }
    }
  }

  public static RemoteWriteTarget of(URI url) {
    return new RemoteWriteTarget(url, "", DEFAULT_TIMEOUT, Map.of(), null, QueueConfig.DEFAULTS);
  }

  public RemoteWriteTarget withName(String newName) {
    return new RemoteWriteTarget(url, newName, timeout, headers, basicAuth, queue);
  }

  public RemoteWriteTarget withQueue(QueueConfig newQueue) {
    return new RemoteWriteTarget(url, name, timeout, headers, basicAuth, newQueue);
  }

  /** {@link #name}, or one derived from the URL (stable across restarts, so its progress is found again). */
  public String queueName() {
    if (!name.isEmpty()) {
      return name;
    }
    return "url-" + Integer.toHexString(url.toString().hashCode() & 0x7fffffff);
  }

  /** The URL without credentials, for metric labels and logs. */
  public String redactedUrl() {
    if (url.getUserInfo() == null) {
      return url.toString();
    }
    return url.toString().replace(url.getRawUserInfo() + "@", "");
  }
}
