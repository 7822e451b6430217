package io.pipescope.query.exposition;

/** The two text formats {@code /metrics} speaks, chosen from the scraper's Accept header. */
public enum ExpositionFormat {
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * OpenMetrics when the client lists it in Accept with a weight above zero (Prometheus asks for it
   * first), the Prometheus text format otherwise.
   */
  public static ExpositionFormat negotiate(String accept) {
    if (accept == null) {
      return PROMETHEUS_TEXT;
    }
    for (String part : accept.split(",")) {
      String[] params = part.trim().split(";");
      if (!params[0].trim().equalsIgnoreCase("application/openmetrics-text")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.toLowerCase(java.util.Locale.ROOT).startsWith("q=")) {
          try {
            refused = Double.parseDouble(p.substring(2)) <= 0;
          } catch (NumberFormatException e) {
            refused = true;
          }
        }
      }
      if (!refused) {
        return OPENMETRICS;
      }
    }
    return PROMETHEUS_TEXT;
  }

  public ExpositionWriter newWriter(StringBuilder out) {
    return new ExpositionWriter(out, this == OPENMETRICS);
  }
}
