package io.pipescope.store.internal.head;

import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeadTest {
  private static final Labels UP = Labels.of("__name__", "up", "job", "api");
  private static final Labels DOWN = Labels.of("__name__", "down", "job", "db");

  @Test
  void samplesReadBackBitForBitAcrossChunks() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Random random = new Random(7);
    List<long[]> written = new ArrayList<>();
    Appender app = head.appender();
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StaleMarker.VALUE, -0.0};
    for (int i = 0; i < 1000; i++) {
      long t = 1_000_000L + i * 15_000L + random.nextInt(5);
      double v = i % 97 == 0 ? specials[(i / 97) % specials.length] : random.nextGaussian() * 100;
      app.append(0, UP, t, v);
      written.add(new long[] {t, Double.doubleToRawLongBits(v)});
    }
    app.commit();

    List<long[]> read = samples(head.querier(Long.MIN_VALUE, Long.MAX_VALUE), UP);
    assertEquals(written.size(), read.size());
    for (int i = 0; i < written.size(); i++) {
      assertEquals(written.get(i)[0], read.get(i)[0], "time of sample " + i);
      assertEquals(written.get(i)[1], read.get(i)[1], "value bits of sample " + i);
    }
    assertEquals(1000, head.numSamples());
  }

  @Test
  void samplesAreVisibleOnlyAfterCommit() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    app.append(0, UP, 1000, 1);
    assertTrue(samples(head.querier(0, 5000), UP).isEmpty());
    app.commit();
    assertEquals(1, samples(head.querier(0, 5000), UP).size());
    Appender rolledBack = head.appender();
    rolledBack.append(0, UP, 2000, 2);
    rolledBack.rollback();
    assertEquals(1, samples(head.querier(0, 5000), UP).size());
  }

  @Test
  void outOfOrderSampleIsRefusedAloneAndTheBatchKeepsTheRest() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Appender first = head.appender();
    first.append(0, UP, 5000, 1);
    first.commit();
    Appender batch = head.appender();
    long ref = batch.append(0, UP, 6000, 2);
    SampleRejectedException old = assertThrows(SampleRejectedException.class, () -> batch.append(ref, UP, 4000, 0));
    assertEquals(SampleRejectedException.Reason.OUT_OF_ORDER, old.reason());
    SampleRejectedException sameBatch = assertThrows(SampleRejectedException.class,
        () -> batch.append(ref, UP, 5500, 0));
    assertEquals(SampleRejectedException.Reason.OUT_OF_ORDER, sameBatch.reason(), "checked against the batch too");
    SampleRejectedException clash = assertThrows(SampleRejectedException.class, () -> batch.append(ref, UP, 6000, 9));
    assertEquals(SampleRejectedException.Reason.DUPLICATE_TIMESTAMP, clash.reason());
    batch.append(ref, UP, 6000, 2); // same time and value: a harmless duplicate, dropped
    batch.append(0, DOWN, 1000, 3);
    batch.commit();
    assertEquals(List.of(5000L, 6000L), times(samples(head.querier(0, 10_000), UP)));
    assertEquals(List.of(1000L), times(samples(head.querier(0, 10_000), DOWN)));
  }

  @Test
  void querierSelectsByMatchersAndTimeRange() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    for (long t = 0; t < 10_000; t += 1000) {
      app.append(0, UP, t, t);
      app.append(0, DOWN, t, -t);
    }
    app.append(0, Labels.of("__name__", "up", "job", "old"), 1, 1);
    app.commit();
    try (Querier q = head.querier(3000, 5000)) {
      assertEquals(List.of(3000L, 4000L, 5000L), times(samples(q, UP)));
      SeriesSet set = q.select(true, LabelMatcher.equal("__name__", "up"));
      List<Labels> labels = new ArrayList<>();
      while (set.next()) {
        labels.add(set.at().labels());
      }
      assertEquals(List.of(UP), labels, "job=old has no sample in range");
      assertEquals(List.of("api", "db"), q.labelValues("job"));
      assertEquals(List.of("__name__", "job"), q.labelNames());
    }
    try (Querier q = head.querier(0, 10_000)) {
      SeriesSet set = q.select(true, LabelMatcher.of(LabelMatcher.Type.REGEX, "job", "a.*|o.*"));
      List<String> jobs = new ArrayList<>();
      while (set.next()) {
        jobs.add(set.at().labels().get("job"));
      }
      assertEquals(List.of("api", "old"), jobs);
    }
  }

  @Test
  void seekFindsTheFirstSampleAtOrAfterWithinRange() throws Exception {
    Head head = new Head(HeadLog.NONE);
    Appender app = head.appender();
    for (long t = 0; t < 1000 * 1000; t += 1000) {
      app.append(0, UP, t, t);
    }
    app.commit();
    SeriesSet set = head.querier(100_000, 800_000).select(false, LabelMatcher.equal("job", "api"));
    assertTrue(set.next());
    SampleIterator it = set.at().iterator();
    assertTrue(it.seek(0));
    assertEquals(100_000, it.timestamp());
    assertTrue(it.seek(500_500));
    assertEquals(501_000, it.timestamp());
    assertTrue(it.next());
    assertEquals(502_000, it.timestamp());
    assertFalse(it.seek(900_000), "past the querier's range");
  }

  @Test
  void concurrentAppendersAndReadersSeeConsistentSeries() throws Exception {
    Head head = new Head(HeadLog.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      done.add(pool.submit(() -> {
        for (int batch = 0; batch < 200; batch++) {
          Appender app = head.appender();
          for (int s = 0; s < 20; s++) {
            app.append(0, Labels.of("__name__", "m", "writer", "w" + writer, "s", "s" + s), batch * 1000L, batch);
          }
          app.commit();
        }
        return null;
      }));
    }
    for (int r = 0; r < 2; r++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          SeriesSet set = head.querier(0, Long.MAX_VALUE).select(false, LabelMatcher.equal("__name__", "m"));
          while (set.next()) {
            SampleIterator it = set.at().iterator();
            long last = -1;
            while (it.next()) {
              assertTrue(it.timestamp() > last, "samples in time order");
              assertEquals(it.timestamp() / 1000, (long) it.value());
              last = it.timestamp();
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(80, head.numSeries());
    assertEquals(4 * 200 * 20, head.numSamples());
  }

  private static List<long[]> samples(Querier q, Labels labels) {
    List<LabelMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      matchers.add(LabelMatcher.equal(labels.name(i), labels.value(i)));
    }
    SeriesSet set = q.select(false, matchers.toArray(LabelMatcher[]::new));
    List<long[]> out = new ArrayList<>();
    while (set.next()) {
      if (!set.at().labels().equals(labels)) {
        continue;
      }
      SampleIterator it = set.at().iterator();
      while (it.next()) {
        out.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
      }
    }
    return out;
  }

  private static List<Long> times(List<long[]> samples) {
    List<Long> out = new ArrayList<>();
    for (long[] s : samples) {
      out.add(s[0]);
    }
    return out;
  }
}
