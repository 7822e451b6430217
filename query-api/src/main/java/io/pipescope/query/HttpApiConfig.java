package io.pipescope.query;

import io.pipescope.query.api.QueryLimits;

/**
 * Where the HTTP API (metrics, the Prometheus query API; rules and UI later) listens, and how far
 * its queries may go.
 *
 * @param bindHost loopback by default; an explicit setting opens it to other hosts
 * @param port 9490 by default, clear of Prometheus's 9090 (0 picks a free port)
 * @param enableAdmin serve the store's admin endpoints (status, delete series); off by default,
 *     as Prometheus's --web.enable-admin-api
 * @param queryLimits timeout, concurrency and size limits of the PromQL endpoints
 * @param enableLifecycle serve {@code POST /-/reload}; off by default, as Prometheus's
 *     --web.enable-lifecycle (SIGHUP reloads either way)
 */
public record HttpApiConfig(String bindHost, int port, boolean enableAdmin, QueryLimits queryLimits,
    boolean enableLifecycle) {
  public static final int DEFAULT_PORT = 9490;

  public static HttpApiConfig defaults() {
    return new HttpApiConfig("127.0.0.1", DEFAULT_PORT, false);
  }

  /** Without the lifecycle endpoint. */
  public HttpApiConfig(String bindHost, int port, boolean enableAdmin, QueryLimits queryLimits) {
    this(bindHost, port, enableAdmin, queryLimits, false);
  }

  /** With the default query limits. */
  public HttpApiConfig(String bindHost, int port, boolean enableAdmin) {
    this(bindHost, port, enableAdmin, QueryLimits.defaults());
  }

  public HttpApiConfig {
    if (queryLimits == null) {
      throw new IllegalArgumentException("query limits must be given");
    }
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }
}
