package io.pipescope.remotewrite.internal;

import java.time.Duration;

/**
 * The waits between attempts to send one batch, as Prometheus's sendWriteRequestWithBackoff: the
 * first is min_backoff; a receiver's Retry-After replaces the wait it comes with; each next wait is
 * twice the last one, at most max_backoff.
 */
final class Backoff {
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration min, Duration max) {
    this.maxMillis = max.toMillis();
    this.nextMillis = min.toMillis();
  }

  /**
   * The wait before the next attempt.
   *
   * @param retryAfterMillis what the receiver asked for, or 0 when it did not
   */
  long nextWaitMillis(long retryAfterMillis) {
    long wait = retryAfterMillis > 0 ? retryAfterMillis : nextMillis;
    nextMillis = wait > maxMillis / 2 ? maxMillis : Math.min(wait * 2, maxMillis);
    return wait;
  }
}
