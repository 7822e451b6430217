package io.pipescope.remotewrite.internal;

/**
 * How one request went, classified as remote write 1.0 tells senders: 2xx stored; 5xx, 429 (when
 * retried) and no answer at all are worth retrying; any other status means the same body will never
 * be taken, so it is dropped.
 *
 * @param status the HTTP status, or 0 when there was no response
 * @param retryAfterMillis the receiver's Retry-After, or 0
 * @param message what went wrong, for the log; empty on success
 */
record SendAttempt(Outcome outcome, int status, long retryAfterMillis, String message) {
  enum Outcome { STORED, RETRY, DROP }

  static SendAttempt stored(int status) {
    return new SendAttempt(Outcome.STORED, status, 0, "");
  }
}
