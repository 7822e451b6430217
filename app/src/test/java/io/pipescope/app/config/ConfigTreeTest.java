package io.pipescope.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTreeTest {
  @ParameterizedTest
  @CsvSource({"1024, 1024", "4KiB, 4096", "4 MiB, 4194304", "2MB, 2000000", "1GiB, 1073741824", "512b, 512"})
  void sizesAcceptBinaryAndDecimalUnits(String text, long bytes) {
    assertEquals(bytes, ConfigTree.parseBytes(text));
  }

  @ParameterizedTest
  @CsvSource({"250ms, 250", "30s, 30000", "5m, 300000", "1h30m, 5400000", "1.5s, 1500", "90d, 7776000000",
      "2w, 1209600000", "1y, 31536000000"})
  void durationsReadLikePrometheus(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), ConfigTree.parseDuration(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "m5", "1h 30m", "-1s"})
  void malformedDurationsAreRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> ConfigTree.parseDuration(text));
  }
}
