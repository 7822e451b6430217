package io.pipescope.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpSenderTest {
  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNothingElse() {
    assertEquals(7_000, HttpSender.retryAfterMillis("7", NOW));
    assertEquals(30_000, HttpSender.retryAfterMillis("Wed, 25 Nov 2026 12:00:30 GMT", NOW));
    assertEquals(0, HttpSender.retryAfterMillis("Wed, 25 Nov 2026 11:00:00 GMT", NOW), "a date in the past");
    assertEquals(0, HttpSender.retryAfterMillis("soon", NOW));
    assertEquals(0, HttpSender.retryAfterMillis("-3", NOW));
    assertEquals(0, HttpSender.retryAfterMillis(null, NOW));
  }

  @Test
  void waitsDoubleUpToTheMaximumAndARetryAfterReplacesOne() {
    Backoff backoff = new Backoff(java.time.Duration.ofMillis(30), java.time.Duration.ofMillis(500));
    assertEquals(30, backoff.nextWaitMillis(0));
    assertEquals(60, backoff.nextWaitMillis(0));
    assertEquals(2_000, backoff.nextWaitMillis(2_000), "the receiver's Retry-After, even past max_backoff");
    assertEquals(500, backoff.nextWaitMillis(0), "then doubling from it, capped");
    assertEquals(500, backoff.nextWaitMillis(0));
  }
}
