package io.pipescope.app.loadgen;

/**
 * What one export request came to: accepted (perhaps with some spans rejected, OTLP partial
 * success), refused for now (the server is overloaded: gRPC UNAVAILABLE or RESOURCE_EXHAUSTED,
 * HTTP 429 or 503, which a client retries later), or failed (any other status, or no answer).
 *
 * @param status the gRPC status code name ({@code OK}, {@code UNAVAILABLE}) or the HTTP status
 *     ({@code 200}, {@code 503}); {@code timeout} or {@code io_error} when no answer came
 * @param rejectedSpans spans the server rejected in an accepted request
 */
public record ExportOutcome(Kind kind, String status, long rejectedSpans, String detail) {
  public enum Kind { ACCEPTED, REFUSED, FAILED }

  public static ExportOutcome accepted(String status, long rejectedSpans) {
    return new ExportOutcome(Kind.ACCEPTED, status, rejectedSpans, "");
  }

  public static ExportOutcome refused(String status, String detail) {
    return new ExportOutcome(Kind.REFUSED, status, 0, detail);
  }

  public static ExportOutcome failed(String status, String detail) {
    return new ExportOutcome(Kind.FAILED, status, 0, detail);
  }
}
