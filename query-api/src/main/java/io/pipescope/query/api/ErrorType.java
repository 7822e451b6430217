package io.pipescope.query.api;

/** The API's {@code errorType} values and the HTTP status each answers with ({@code web/api/v1/api.go}). */
public enum ErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  TIMEOUT("timeout", 503),
  // Prometheus answers 499 (client closed request) here; the docs promise 503 for aborted queries.
  CANCELED("canceled", 503),
  UNAVAILABLE("unavailable", 503),
  NOT_FOUND("not_found", 404),
  INTERNAL("internal", 500);

  private final String wireName;
  private final int httpStatus;

  ErrorType(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
