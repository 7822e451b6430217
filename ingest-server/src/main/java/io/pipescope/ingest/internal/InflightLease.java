package io.pipescope.ingest.internal;

/**
 * The share of the {@link InflightLimiter} one request holds: it grows as the request's bytes
 * arrive and expand, and is given back in one piece when the request is answered.
 */
public final class InflightLease implements AutoCloseable {
  private final InflightLimiter limiter;
  private long bytes;
  private boolean holdsRequest;

  private InflightLease(InflightLimiter limiter) {
    this.limiter = limiter;
  }

  /** Takes one request slot, or refuses when the server is at its limit. */
  public static InflightLease open(InflightLimiter limiter) throws RefusedException {
    limiter.acquireRequest();
    InflightLease lease = new InflightLease(limiter);
    lease.holdsRequest = true;
    return lease;
  }

  public synchronized void acquire(long n) throws RefusedException {
    limiter.acquireBytes(n);
    bytes += n;
  }

  public synchronized long bytes() {
    return bytes;
  }

  @Override
  public synchronized void close() {
    if (bytes > 0) {
      limiter.releaseBytes(bytes);
      bytes = 0;
    }
    if (holdsRequest) {
      limiter.releaseRequest();
      holdsRequest = false;
    }
  }
}
