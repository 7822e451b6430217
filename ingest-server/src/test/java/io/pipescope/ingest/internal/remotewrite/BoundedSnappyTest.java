package io.pipescope.ingest.internal.remotewrite;

import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.claimingLength;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.snappy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.ingest.internal.InflightLease;
import io.pipescope.ingest.internal.InflightLimiter;
import io.pipescope.ingest.internal.Refusal;
import io.pipescope.ingest.internal.RefusedException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedSnappyTest {
  private static final long GIB = 1L << 30;
  private static final long KIB = 1024;

  private final InflightLimiter limiter = new InflightLimiter(2 * GIB, 10);

  @Test
  void decompressesABlockAndChargesItsLengthToTheLease() throws Exception {
    byte[] raw = "up{job=\"a\"} 1 ".repeat(100).getBytes(StandardCharsets.UTF_8);
    try (InflightLease lease = InflightLease.open(limiter)) {
      assertArrayEquals(raw, BoundedSnappy.decompress(snappy(raw), raw.length, lease));
      assertEquals(raw.length, lease.bytes());
    }
    assertEquals(0, limiter.bytes(), "closing the lease gives the bytes back");
  }

  @Test
  void aClaimPastTheLimitIsRefusedBeforeAnythingIsAllocatedOrCharged() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (InflightLease lease = InflightLease.open(limiter)) {
      long before = threads.getCurrentThreadAllocatedBytes();
      RefusedException refused = assertThrows(RefusedException.class,
          () -> BoundedSnappy.decompress(claimingLength(GIB), KIB, lease));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;

      assertEquals(Refusal.DECOMPRESSED_TOO_LARGE, refused.refusal());
      assertTrue(refused.getMessage().contains("1073741824") && refused.getMessage().contains("1024"),
          refused.getMessage());
      assertTrue(allocated < 64 * KIB, "refusing a 1 GiB claim allocated " + allocated + " bytes");
      assertEquals(0, lease.bytes());
    }
  }

  @Test
  void aClaimWithinTheLimitButPastTheInflightBudgetIsRefusedAsRetryable() throws Exception {
    InflightLimiter small = new InflightLimiter(KIB, 10);
    try (InflightLease lease = InflightLease.open(small)) {
      RefusedException refused = assertThrows(RefusedException.class,
          () -> BoundedSnappy.decompress(claimingLength(GIB), 2 * GIB, lease));
      assertEquals(Refusal.INFLIGHT_BYTES, refused.refusal());
      assertTrue(refused.refusal().retryable());
    }
  }

  @Test
  void corruptContentIsUndecodable() throws Exception {
    byte[] block = snappy("some bytes, some bytes, some bytes".getBytes(StandardCharsets.UTF_8));
    Arrays.fill(block, 1, block.length, (byte) 0xff);
    assertUndecodable(block);
  }

  @Test
  void aBlockShorterThanItsClaimIsUndecodable() throws Exception {
    assertUndecodable(claimingLength(100));
  }

  @Test
  void aPreambleThatIsNotAVarintIsUndecodable() throws Exception {
    assertUndecodable(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
    assertUndecodable(new byte[] {(byte) 0x80});
  }

  @Test
  void anEmptyBodyIsUndecodable() throws Exception {
    assertUndecodable(new byte[0]);
  }

  @Test
  void theFramedFormatIsUndecodable() throws Exception {
    // The framed format's stream identifier chunk: spec 1.0 forbids it, and it is no valid block.
    byte[] framed = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    assertUndecodable(framed);
  }

  private void assertUndecodable(byte[] block) throws RefusedException {
    try (InflightLease lease = InflightLease.open(limiter)) {
      RefusedException refused = assertThrows(RefusedException.class,
          () -> BoundedSnappy.decompress(block, GIB, lease));
      assertEquals(Refusal.UNDECODABLE, refused.refusal(), refused.getMessage());
      assertTrue(refused.getMessage().startsWith("the body is not snappy"), refused.getMessage());
    }
  }
}
