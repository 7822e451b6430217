/**
 * The Prometheus HTTP API under {@code /api/v1}, as Prometheus 3 serves it ({@code web/api/v1/api.go},
 * {@code docs/querying/api.md}), so that Grafana can add pipescope as a plain Prometheus data source.
 *
 * <p>{@link io.pipescope.query.api.PrometheusApi} holds the table of endpoints and runs each request
 * on a worker; {@link io.pipescope.query.api.ApiRequest} and {@link io.pipescope.query.api.ApiResponse}
 * are what crosses from and to the HTTP server. Queries run under {@link
 * io.pipescope.query.api.QueryLimits}; the engine offers no hook for deadlines or sample counts, so
 * {@code QueryBudget} enforces both at the store seam. A new endpoint is one entry in the table.
 */
package io.pipescope.query.api;
