package io.pipescope.ingest.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work held at once across both transports: requests being handled and the bytes they
 * hold (wire bytes while receiving, then decompressed bytes). Acquisition never waits: past a limit
 * the caller refuses the request with a retryable status, so the heap stays bounded under any load.
 */
public final class InflightLimiter {
  private final long maxBytes;
  private final int maxRequests;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong peakBytes = new AtomicLong();

  public InflightLimiter(long maxBytes, int maxRequests) {
    this.maxBytes = maxBytes;
    this.maxRequests = maxRequests;
  }

  public void acquireRequest() throws RefusedException {
    while (true) {
      int current = requests.get();
      if (current >= maxRequests) {
        throw new RefusedException(Refusal.INFLIGHT_REQUESTS,
            "pipescope is handling " + current + " requests, its limit (ingest.limits.max_inflight_requests); retry later");
      }
      if (requests.compareAndSet(current, current + 1)) {
        return;
      }
    }
  }

  public void releaseRequest() {
    requests.decrementAndGet();
  }

  public void acquireBytes(long n) throws RefusedException {
    while (true) {
      long current = bytes.get();
      if (current + n > maxBytes) {
        throw new RefusedException(Refusal.INFLIGHT_BYTES, "pipescope holds " + current
            + " bytes of requests in flight; " + n + " more would pass its limit of " + maxBytes
            + " (ingest.limits.max_inflight_bytes); retry later");
      }
      if (bytes.compareAndSet(current, current + n)) {
        peakBytes.accumulateAndGet(current + n, Math::max);
        return;
      }
    }
  }

  public void releaseBytes(long n) {
    bytes.addAndGet(-n);
  }

  public long bytes() {
    return bytes.get();
  }

  public int requests() {
    return requests.get();
  }

  /** The most bytes ever held at once. */
  public long peakBytes() {
    return peakBytes.get();
  }

  public long maxBytes() {
    return maxBytes;
  }
}
