package io.pipescope.ingest.internal;

/**
 * Why a whole request was refused: the self-metric label, the HTTP status, and whether the client
 * should retry (only the overload refusals are retryable, as the OTLP specification's throttling
 * section asks).
 */
public enum Refusal {
  UNDECODABLE("undecodable", 400, false),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, false),
  REQUEST_TOO_LARGE("max_request_bytes", 413, false),
  DECOMPRESSED_TOO_LARGE("max_decompressed_bytes", 413, false),
  TOO_MANY_SPANS("max_spans_per_request", 413, false),
  INFLIGHT_BYTES("max_inflight_bytes", 503, true),
  INFLIGHT_REQUESTS("max_inflight_requests", 503, true),
  SHUTTING_DOWN("shutting_down", 503, true),
  /** Storage failed to take the data (disk full, I/O error): worth retrying. */
  STORAGE_FAILURE("storage_failure", 503, true);

  private final String label;
  private final int httpStatus;
  private final boolean retryable;

  Refusal(String label, int httpStatus, boolean retryable) {
    this.label = label;
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  public String label() {
    return label;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }
}
