package io.pipescope.query.api;

/**
 * A request the API refuses, with the error type and Prometheus's message. Thrown inside this
 * package only; {@link PrometheusApi} turns it into one error response.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorType type;

  ApiException(ErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  /** {@code invalid parameter "time": <reason>}, as Prometheus's invalidParamError. */
  static ApiException invalidParam(String parameter, String reason) {
    return new ApiException(ErrorType.BAD_DATA, "invalid parameter " + Json.quote(parameter) + ": " + reason);
  }

  static ApiException badData(String message) {
    return new ApiException(ErrorType.BAD_DATA, message);
  }

  ErrorType type() {
    return type;
  }
}
