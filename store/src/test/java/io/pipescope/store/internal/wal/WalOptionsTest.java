package io.pipescope.store.internal.wal;

import io.pipescope.store.FsyncPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WalOptionsTest {

  @Test
  void defaultsAre128MiBSegmentsSyncedOnEveryBatch() {
    WalOptions defaults = WalOptions.defaults();

    assertEquals(128 * 1024 * 1024, defaults.segmentBytes());
    assertEquals(FsyncPolicy.ALWAYS, defaults.fsyncPolicy());
    assertEquals(Duration.ofSeconds(1), defaults.fsyncInterval());
  }

  @Test
  void aSegmentSizeThatIsNotWholePagesIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WalOptions.defaults().withSegmentBytes(100_000));

    assertEquals("the WAL segment size must be a positive multiple of the 32768-byte page, got 100000 bytes", e.getMessage());
  }

  @Test
  void anFsyncIntervalUnderAMillisecondIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WalOptions.defaults().withFsyncInterval(Duration.ofNanos(10)));

    assertEquals("the WAL fsync interval must be at least one millisecond, got PT0.00000001S", e.getMessage());
  }
}
