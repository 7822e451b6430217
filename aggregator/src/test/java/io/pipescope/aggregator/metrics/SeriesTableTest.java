package io.pipescope.aggregator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SeriesTableTest {

  @Test
  void twoWritersCreatingTheSameSeriesTakeOneSlotOfTheLimit() throws Exception {
    CardinalityLimit limit = new CardinalityLimit(2);
    CountDownLatch firstCreating = new CountDownLatch(1);
    CountDownLatch letFirstFinish = new CountDownLatch(1);
    AtomicInteger created = new AtomicInteger();
    // The first handle is made slowly, so the second writer arrives while the series does not exist yet.
    Supplier<Counter> slowFirstHandle = () -> {
      if (created.incrementAndGet() == 1) {
        firstCreating.countDown();
        await(letFirstFinish);
      }
      return new Counter();
    };
    SeriesTable<Counter> table = new SeriesTable<>(new String[] {"code"}, slowFirstHandle, limit);

    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      Future<Counter> first = writers.submit(() -> table.get("200"));
      assertTrue(firstCreating.await(10, TimeUnit.SECONDS));
      AtomicReference<Thread> secondThread = new AtomicReference<>();
      Future<Counter> second = writers.submit(() -> {
        secondThread.set(Thread.currentThread());
        return table.get("200");
      });
      // Let the second writer get as far as it can: reserved a slot, done, or blocked behind the first.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (limit.series() < 2 && !second.isDone() && !blocked(secondThread.get())
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      letFirstFinish.countDown();

      assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
      assertEquals(1, limit.series());
      Counter other = table.get("500");
      assertNotSame(first.get(), other);
      assertEquals(0, limit.overflowSamples(), "a second distinct series fits a limit of 2");
    } finally {
      letFirstFinish.countDown();
      writers.shutdownNow();
    }
  }

  @Test
  void aWriterArrivingWhileTheOnlyAllowedSeriesIsBeingCreatedGetsThatSeries() throws Exception {
    CardinalityLimit limit = new CardinalityLimit(1);
    CountDownLatch firstCreating = new CountDownLatch(1);
    CountDownLatch letFirstFinish = new CountDownLatch(1);
    AtomicInteger created = new AtomicInteger();
    Supplier<Counter> slowFirstHandle = () -> {
      if (created.incrementAndGet() == 1) {
        firstCreating.countDown();
        await(letFirstFinish);
      }
      return new Counter();
    };
    SeriesTable<Counter> table = new SeriesTable<>(new String[] {"code"}, slowFirstHandle, limit);

    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      Future<Counter> first = writers.submit(() -> table.get("200"));
      assertTrue(firstCreating.await(10, TimeUnit.SECONDS));
      AtomicReference<Thread> secondThread = new AtomicReference<>();
      Future<Counter> second = writers.submit(() -> {
        secondThread.set(Thread.currentThread());
        return table.get("200");
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!second.isDone() && !blocked(secondThread.get()) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      letFirstFinish.countDown();

      assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
      assertEquals(0, limit.overflowSamples());
      assertEquals(1, limit.series());
    } finally {
      letFirstFinish.countDown();
      writers.shutdownNow();
    }
  }

  private static boolean blocked(Thread thread) {
    return thread != null && thread.getState() == Thread.State.BLOCKED;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
