package io.pipescope.query.rules;

/** The state of one alert instance; the order is Prometheus's (firing is the most severe). */
public enum AlertState {
  INACTIVE("inactive"),
  PENDING("pending"),
  FIRING("firing");

  private final String apiName;

  AlertState(String apiName) {
    this.apiName = apiName;
  }

  /** The name in the API and in the {@code alertstate} label. */
  public String apiName() {
    return apiName;
  }
}
