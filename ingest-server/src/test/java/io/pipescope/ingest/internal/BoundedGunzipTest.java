package io.pipescope.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BoundedGunzipTest {
  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  private final InflightLimiter limiter = new InflightLimiter(64L * MIB, 10);

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  @Test
  void inflatesWhatWasCompressedAndChargesTheLeaseTheInflatedBytes() throws Exception {
    // Incompressible, and larger than the first output buffer, so the buffer has to grow.
    byte[] plain = random(300 * KIB);

    try (InflightLease lease = InflightLease.open(limiter)) {
      byte[] inflated = BoundedGunzip.inflate(gzip(plain), MIB, lease);

      assertArrayEquals(plain, inflated);
      assertEquals(plain.length, lease.bytes());
      assertEquals(plain.length, limiter.bytes());
    }
    assertEquals(0, limiter.bytes());
    assertEquals(0, limiter.requests());
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
    byte[] plain = new byte[MIB];
    Arrays.fill(plain, (byte) 'x');

    try (InflightLease lease = InflightLease.open(limiter)) {
      assertArrayEquals(plain, BoundedGunzip.inflate(gzip(plain), MIB, lease));
      assertEquals(MIB, limiter.bytes());
    }
  }

  @Test
  void anEmptyBodyInflatesToNothing() throws Exception {
    try (InflightLease lease = InflightLease.open(limiter)) {
      assertEquals(0, BoundedGunzip.inflate(gzip(new byte[0]), MIB, lease).length);
      assertEquals(0, limiter.bytes());
    }
  }

  @Test
  void aGzipBombIsRefusedAfterAboutTheLimitWithoutInflatingIt() throws Exception {
    byte[] bomb = gzip(new byte[10 * MIB]);
    assertTrue(bomb.length < 16 * KIB, "the bomb is small: " + bomb.length + " bytes");
    refuseBomb(bomb); // warm up, so class loading and JIT are not counted below
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    long before = threads.getCurrentThreadAllocatedBytes();
    RefusedException e = refuseBomb(bomb);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertEquals(Refusal.DECOMPRESSED_TOO_LARGE, e.refusal());
    assertEquals(
        "the gzip body expands to more than 1048576 bytes (ingest.limits.max_decompressed_bytes)", e.getMessage());
    // The output buffer doubles up to the limit (64 KiB + ... + 1 MiB < 2 MiB); 10 MiB would mean no bound.
    assertTrue(allocated < 3L * MIB, "allocated " + allocated + " bytes for a 1 MiB limit");
  }

  private RefusedException refuseBomb(byte[] bomb) throws RefusedException {
    try (InflightLease lease = InflightLease.open(limiter)) {
      RefusedException e = assertThrows(RefusedException.class, () -> BoundedGunzip.inflate(bomb, MIB, lease));
      assertEquals(MIB, limiter.bytes(), "the lease holds what was inflated before the refusal");
      return e;
    } finally {
      assertEquals(0, limiter.bytes());
    }
  }

  @Test
  void bytesThatAreNotGzipAreUndecodable() throws Exception {
    try (InflightLease lease = InflightLease.open(limiter)) {
      RefusedException e = assertThrows(RefusedException.class,
          () -> BoundedGunzip.inflate("{\"resourceSpans\": []}".getBytes(StandardCharsets.UTF_8), MIB, lease));

      assertEquals(Refusal.UNDECODABLE, e.refusal());
      assertTrue(e.getMessage().startsWith("the body is not valid gzip: "), e.getMessage());
      assertEquals(0, limiter.bytes());
    }
  }

  @Test
  void aTruncatedGzipIsUndecodable() throws Exception {
    byte[] whole = gzip(random(10 * KIB));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    try (InflightLease lease = InflightLease.open(limiter)) {
      RefusedException e =
          assertThrows(RefusedException.class, () -> BoundedGunzip.inflate(truncated, MIB, lease));

      assertEquals(Refusal.UNDECODABLE, e.refusal());
    }
  }

  @Test
  void inflatingPastTheInflightByteLimitIsRefusedAsRetryable() throws Exception {
    InflightLimiter small = new InflightLimiter(100 * KIB, 10);

    try (InflightLease lease = InflightLease.open(small)) {
      RefusedException e =
          assertThrows(RefusedException.class, () -> BoundedGunzip.inflate(gzip(random(300 * KIB)), MIB, lease));

      assertEquals(Refusal.INFLIGHT_BYTES, e.refusal());
      assertTrue(e.refusal().retryable());
      assertTrue(small.bytes() <= 100 * KIB);
    }
    assertEquals(0, small.bytes());
  }
}
