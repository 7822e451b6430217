package io.pipescope.remotewrite;

import java.time.Duration;

/**
 * How one receiver's queue sends: Prometheus's {@code queue_config}, with a fixed number of shards.
 *
 * @param shards parallel senders; each series is always sent by the same one, so its samples arrive
 *     in order
 * @param capacity samples each shard holds (queued and in flight) before the WAL reader waits
 * @param maxSamplesPerSend the most samples in one request
 * @param batchSendDeadline the longest a sample waits for its batch to fill
 * @param minBackoff the wait before the first retry, doubled after each
 * @param maxBackoff the longest wait between retries
 * @param retryOnHttp429 whether 429 Too Many Requests is retried (after its Retry-After) rather than
 *     dropped
 */
public record QueueConfig(int shards, int capacity, int maxSamplesPerSend, Duration batchSendDeadline,
    Duration minBackoff, Duration maxBackoff, boolean retryOnHttp429) {
  /**
   * Prometheus's defaults, except one shard (Prometheus reshards from 1 up to 50; pipescope's flushes
   * are small) and 429 retried (Prometheus drops it unless told otherwise: a receiver that
   * rate-limits asks to be retried, and the WAL holds the samples meanwhile).
   */
  public static final QueueConfig DEFAULTS = new QueueConfig(1, 10_000, 2_000, Duration.ofSeconds(5),
      Duration.ofMillis(30), Duration.ofSeconds(5), true);

  public QueueConfig {
    if (shards < 1 || shards > 1000) {
      throw new IllegalArgumentException("shards must be from 1 to 1000, got " + shards);
    }
    if (maxSamplesPerSend < 1) {
      throw new IllegalArgumentException("max_samples_per_send must be positive, got " + maxSamplesPerSend);
    }
    if (capacity < maxSamplesPerSend) {
      throw new IllegalArgumentException("capacity (" + capacity + ") must be at least max_samples_per_send ("
          + maxSamplesPerSend + ")");
    }
    if (batchSendDeadline.toMillis() < 1) {
      throw new IllegalArgumentException("batch_send_deadline must be positive, got " + batchSendDeadline);
    }
    if (minBackoff.toMillis() < 1 || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("min_backoff must be positive and max_backoff at least min_backoff, got "
          + minBackoff + " and " + maxBackoff);
    }
  }
}
