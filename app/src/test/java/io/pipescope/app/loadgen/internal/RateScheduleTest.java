package io.pipescope.app.loadgen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Slots are computed from their number, not from a clock: counts and due times are exact. */
class RateScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void fortyRequestsASecondForThreeSecondsAreExactly120SlotsFortyInEverySecond() {
    long start = 7 * SECOND;
    RateSchedule schedule = new RateSchedule(40, start, 3 * SECOND);
    assertEquals(120, schedule.slotsInRun());
    List<RateSchedule.Slot> slots = new ArrayList<>();
    for (RateSchedule.Slot s = schedule.take(); s != null; s = schedule.take()) {
      slots.add(s);
    }
    assertEquals(120, slots.size());
    int[] perSecond = new int[3];
    for (int k = 0; k < slots.size(); k++) {
      assertEquals(k, slots.get(k).number());
      assertEquals(start + k * 25_000_000L, slots.get(k).dueNanos(), "slot " + k + " due on the grid, no drift");
      perSecond[(int) ((slots.get(k).dueNanos() - start) / SECOND)]++;
    }
    assertEquals(List.of(40, 40, 40), List.of(perSecond[0], perSecond[1], perSecond[2]));
    assertNull(schedule.take(), "no slot after the end, ever");
  }

  @Test
  void aFractionalRateKeepsItsAverageOverLongRuns() {
    // 2.5 requests a second (e.g. 1000 spans/s in batches of 400) over an hour: 9000 slots.
    RateSchedule schedule = new RateSchedule(2.5, 0, 3600 * SECOND);
    long n = 0;
    RateSchedule.Slot last = null;
    for (RateSchedule.Slot s = schedule.take(); s != null; s = schedule.take()) {
      n++;
      last = s;
    }
    assertEquals(9000, n);
    assertEquals(3600 * SECOND - 400_000_000L, last.dueNanos());
  }

  @Test
  void exportersSharingTheScheduleGetEachSlotOnce() throws Exception {
    RateSchedule schedule = new RateSchedule(1000, 0, 10 * SECOND);
    Set<Long> taken = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (RateSchedule.Slot s = schedule.take(); s != null; s = schedule.take()) {
          if (!taken.add(s.number())) {
            throw new AssertionError("slot " + s.number() + " taken twice");
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(10_000, taken.size());
  }

  @Test
  void aRunWithoutEndHasSlotsFarAhead() {
    RateSchedule schedule = new RateSchedule(100, 0, Long.MAX_VALUE);
    RateSchedule.Slot s = null;
    for (int i = 0; i < 1_000_000; i++) {
      s = schedule.take();
    }
    assertNotNull(s);
    assertEquals(999_999L * 10_000_000L, s.dueNanos());
  }
}
