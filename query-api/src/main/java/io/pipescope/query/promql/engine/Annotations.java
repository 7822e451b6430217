package io.pipescope.query.promql.engine;

import io.pipescope.query.promql.parser.PositionRange;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Warnings and infos of a query, rendered as the API shows them ({@code PromQL warning: ... (1:5)}):
 * Prometheus's util/annotations, positions as line:column of the expression concerned.
 */
public final class Annotations {
  private final String query;
  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> infos = new LinkedHashSet<>();

  Annotations(String query) {
    this.query = query;
  }

  void warn(String message, PositionRange at) {
    warnings.add("PromQL warning: " + message + position(at));
  }

  void info(String message, PositionRange at) {
    infos.add("PromQL info: " + message + position(at));
  }

  public Set<String> warnings() {
    return warnings;
  }

  public Set<String> infos() {
    return infos;
  }

  private String position(PositionRange at) {
    return at == null ? "" : " (" + at.describeStart(query) + ")";
  }
}
