package io.pipescope.query.promql.engine;

/** A query that cannot be evaluated; the message is Prometheus's for the same failure. */
public final class PromqlException extends RuntimeException {
  public PromqlException(String message) {
    super(message);
  }

  static PromqlException of(String format, Object... args) {
    return new PromqlException(String.format(format, args));
  }
}
