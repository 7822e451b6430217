package io.pipescope.store.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random points while a process commits batches: after every restart, every batch that
 * was acknowledged is there, bit for bit, and the store keeps taking writes. Rounds share one data
 * directory, so a torn tail left by one kill is repaired by the next open.
 */
class KillNineTest {
  private static final int ROUNDS = 8;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedBatchSurvivesSigkill() throws Exception {
    Random random = new Random(20261125);
    long nextBatch = 0;
    long lastAcked = -1;
    for (int round = 0; round < ROUNDS; round++) {
      Process writer = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), AckingWriter.class.getName(),
          dir.toString(), Long.toString(nextBatch))
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine(), "round " + round + ": the writer did not start");
      // Acks are read on their own thread until the pipe ends, so an ack printed just before the
      // kill is still counted as acknowledged.
      AtomicLong acked = new AtomicLong(lastAcked);
      Thread reader = new Thread(() -> {
        try {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.startsWith("ack ")) {
              acked.set(Long.parseLong(line.substring(4)));
            }
          }
        } catch (IOException endOfPipe) {
          // The process is gone; what was read is what was acknowledged.
        }
      });
      reader.start();
      // Killed only once it acknowledged something (a loaded machine may start it slowly), then at
      // a random moment of its writing.
      long firstAckBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.get() < nextBatch && System.nanoTime() < firstAckBy && writer.isAlive()) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(400));
      writer.destroyForcibly(); // SIGKILL, in the middle of whatever it is doing
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
      reader.join(TimeUnit.SECONDS.toMillis(30));
      lastAcked = acked.get();
      assertTrue(lastAcked >= nextBatch, "round " + round + ": nothing was acknowledged");
      long stored = verify(lastAcked);
      nextBatch = stored + 1;
    }
  }

  /** Checks every acknowledged batch is stored; returns the last batch stored (maybe one past the acks). */
  private long verify(long lastAcked) throws Exception {
    try (TimeSeriesStore store = TimeSeriesStore.open(StoreOptions.at(dir));
        Querier q = store.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, LabelMatcher.equal("__name__", "crash_test"));
      List<Long> lastPerSeries = new ArrayList<>();
      while (set.next()) {
        int s = Integer.parseInt(set.at().labels().get("series"));
        SampleIterator it = set.at().iterator();
        long expected = 0;
        while (it.next()) {
          long batch = it.timestamp() - AckingWriter.timestamp(0);
          assertEquals(expected, batch, "series " + s + ": batches are contiguous from 0");
          assertEquals(AckingWriter.value(batch, s), it.value(), "series " + s + " batch " + batch);
          expected++;
        }
        assertTrue(expected - 1 >= lastAcked,
            "series " + s + " ends at batch " + (expected - 1) + " but batch " + lastAcked + " was acknowledged");
        lastPerSeries.add(expected - 1);
      }
      assertEquals(AckingWriter.SERIES, lastPerSeries.size());
      // A batch torn by the kill may be cut at any series, so series may end one batch apart.
      long max = lastPerSeries.stream().mapToLong(Long::longValue).max().orElseThrow();
      long min = lastPerSeries.stream().mapToLong(Long::longValue).min().orElseThrow();
      assertTrue(max - min <= 1, "series end at batches " + min + ".." + max);
      return max;
    }
  }
}
