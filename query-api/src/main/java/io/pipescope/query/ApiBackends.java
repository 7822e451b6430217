package io.pipescope.query;

import io.pipescope.query.rules.RulesSnapshot;
import io.pipescope.store.Queryable;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.traces.TraceStore;
import java.util.function.Supplier;

/**
 * What the HTTP API serves from; each part may be null, and the endpoints that need it are then
 * not mounted (404) or answer that there is nothing.
 *
 * @param admin the store behind the admin endpoints (only when they are enabled)
 * @param queryable what the Prometheus query API and {@code /graph} read
 * @param rules groups, rules and alerts behind /api/v1/rules and /api/v1/alerts
 * @param reloader what {@code POST /-/reload} calls
 * @param traces the span store behind the Tempo-shaped trace API
 */
public record ApiBackends(TimeSeriesStore admin, Queryable queryable, Supplier<RulesSnapshot> rules,
    Reloader reloader, TraceStore traces) {
  public static final ApiBackends NONE = new ApiBackends(null, null, null, null, null);

  public ApiBackends withAdmin(TimeSeriesStore admin) {
    return new ApiBackends(admin, queryable, rules, reloader, traces);
  }

  public ApiBackends withQueryable(Queryable queryable) {
    return new ApiBackends(admin, queryable, rules, reloader, traces);
  }

  public ApiBackends withRules(Supplier<RulesSnapshot> rules) {
    return new ApiBackends(admin, queryable, rules, reloader, traces);
  }

  public ApiBackends withReloader(Reloader reloader) {
    return new ApiBackends(admin, queryable, rules, reloader, traces);
  }

  public ApiBackends withTraces(TraceStore traces) {
    return new ApiBackends(admin, queryable, rules, reloader, traces);
  }
}
