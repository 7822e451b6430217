package io.pipescope.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InflightLimiterTest {

  @Test
  void bytesPastTheLimitAreRefusedAsInflightBytesAndNotCharged() throws Exception {
    InflightLimiter limiter = new InflightLimiter(1000, 10);
    limiter.acquireBytes(600);
    limiter.acquireBytes(400);

    RefusedException e = assertThrows(RefusedException.class, () -> limiter.acquireBytes(1));

    assertEquals(Refusal.INFLIGHT_BYTES, e.refusal());
    assertTrue(e.refusal().retryable());
    assertEquals(
        "pipescope holds 1000 bytes of requests in flight; 1 more would pass its limit of 1000"
            + " (ingest.limits.max_inflight_bytes); retry later",
        e.getMessage());
    assertEquals(1000, limiter.bytes());
  }

  @Test
  void requestsPastTheLimitAreRefusedAsInflightRequests() throws Exception {
    InflightLimiter limiter = new InflightLimiter(1000, 2);
    InflightLease first = InflightLease.open(limiter);
    InflightLease second = InflightLease.open(limiter);

    RefusedException e = assertThrows(RefusedException.class, () -> InflightLease.open(limiter));

    assertEquals(Refusal.INFLIGHT_REQUESTS, e.refusal());
    assertTrue(e.refusal().retryable());
    assertTrue(e.getMessage().contains("ingest.limits.max_inflight_requests"), e.getMessage());
    assertEquals(2, limiter.requests());
    first.close();
    InflightLease third = InflightLease.open(limiter);
    assertEquals(2, limiter.requests());
    second.close();
    third.close();
    assertEquals(0, limiter.requests());
  }

  @Test
  void closingALeaseGivesBackItsBytesAndItsRequestOnce() throws Exception {
    InflightLimiter limiter = new InflightLimiter(1000, 10);
    InflightLease other = InflightLease.open(limiter);
    other.acquire(100);
    InflightLease lease = InflightLease.open(limiter);
    lease.acquire(300);
    lease.acquire(200);
    assertEquals(500, lease.bytes());
    assertEquals(600, limiter.bytes());
    assertEquals(2, limiter.requests());

    lease.close();
    lease.close();

    assertEquals(0, lease.bytes());
    assertEquals(100, limiter.bytes());
    assertEquals(1, limiter.requests());
    other.close();
    assertEquals(0, limiter.bytes());
    assertEquals(0, limiter.requests());
  }

  @Test
  void aRefusedAcquireLeavesTheLeaseAsItWas() throws Exception {
    InflightLimiter limiter = new InflightLimiter(1000, 10);
    try (InflightLease lease = InflightLease.open(limiter)) {
      lease.acquire(900);

      RefusedException e = assertThrows(RefusedException.class, () -> lease.acquire(101));

      assertEquals(Refusal.INFLIGHT_BYTES, e.refusal());
      assertEquals(900, lease.bytes());
      assertEquals(900, limiter.bytes());
      lease.acquire(100);
      assertEquals(1000, limiter.bytes());
    }
    assertEquals(0, limiter.bytes());
  }

  @Test
  void peakBytesKeepsTheMostEverHeldAtOnce() throws Exception {
    InflightLimiter limiter = new InflightLimiter(1000, 10);
    try (InflightLease a = InflightLease.open(limiter); InflightLease b = InflightLease.open(limiter)) {
      a.acquire(300);
      b.acquire(450);
      a.close();
      b.acquire(100);
    }

    assertEquals(0, limiter.bytes());
    assertEquals(750, limiter.peakBytes());
  }
}
