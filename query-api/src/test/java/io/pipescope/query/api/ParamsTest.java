package io.pipescope.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void unixSecondsKeepMillisecondsRoundedAwayFromZero() {
    assertEquals(1_435_781_451_781L, Params.parseTime("1435781451.781"));
    assertEquals(1_500L, Params.parseTime("1.4995"));
    assertEquals(-1_500L, Params.parseTime("-1.5"));
    assertEquals(1_000_000L, Params.parseTime("1e3"));
  }

  @Test
  void rfc3339WithFractionAndOffset() {
    assertEquals(1_435_781_451_781L, Params.parseTime("2015-07-01T20:10:51.781Z"));
    assertEquals(1_435_781_451_000L, Params.parseTime("2015-07-01T22:10:51+02:00"));
    assertEquals(1_435_781_451_781L, Params.parseTime("2015-07-01T20:10:51.781999999Z"));
  }

  @Test
  void prometheusBoundsByName() {
    assertEquals(Params.MIN_TIME, Params.parseTime("-292273086-05-16T16:47:06Z"));
    assertEquals(Params.MAX_TIME, Params.parseTime("292277025-08-18T07:12:54.999999999Z"));
  }

  @Test
  void otherTimesRefused() {
    for (String bad : new String[] {"", "2015-07-01", "2015-07-01T20:10Z", "2015-07-01T20:10:51", "1h", "0x10"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Params.parseTime(bad), bad);
      assertEquals("cannot parse \"" + bad + "\" to a valid timestamp", e.getMessage());
    }
  }

  @Test
  void durationsAsPrometheusDurationOrFloatSeconds() {
    assertEquals(60_000_000_000L, Params.parseDurationNanos("1m"));
    assertEquals(90_000_000_000L, Params.parseDurationNanos("1m30s"));
    assertEquals(15_000_000_000L, Params.parseDurationNanos("15"));
    assertEquals(500_000_000L, Params.parseDurationNanos("0.5"));
    assertEquals(0, Params.parseDurationNanos("0"));
    assertEquals("cannot parse \"1x\" to a valid duration",
        assertThrows(IllegalArgumentException.class, () -> Params.parseDurationNanos("1x")).getMessage());
    assertEquals("cannot parse \"1e10\" to a valid duration. It overflows int64",
        assertThrows(IllegalArgumentException.class, () -> Params.parseDurationNanos("1e10")).getMessage());
  }
}
