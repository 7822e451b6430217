package io.pipescope.store.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
  private static final int THREADS = 8;
  private static final int BATCHES_PER_THREAD = 1000;

  @TempDir Path dir;

  @Test
  void concurrentLoggersAreEachReadBackOnceInOrderAndShareFsyncs() throws Exception {
    long fsyncs;
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> loggers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        loggers.add(pool.submit(() -> {
          start.await();
          for (int seq = 0; seq < BATCHES_PER_THREAD; seq++) {
            // Two records a batch, so that a batch split by another caller's would show.
            wal.log(entry(thread, seq, 0), entry(thread, seq, 1));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> logger : loggers) {
        logger.get();
      }
      fsyncs = wal.fsyncCount();
    } finally {
      pool.shutdown();
    }

    int[] nextSeq = new int[THREADS];
    List<byte[]> records = WalFixtures.readAll(dir);
    assertEquals(THREADS * BATCHES_PER_THREAD * 2, records.size());
    for (int i = 0; i < records.size(); i += 2) {
      ByteBuffer first = ByteBuffer.wrap(records.get(i));
      ByteBuffer second = ByteBuffer.wrap(records.get(i + 1));
      int thread = first.getInt();
      int seq = first.getInt();
      assertEquals(0, first.getInt(), "record " + i + " should open a batch");
      assertEquals(thread, second.getInt(), "record " + (i + 1) + " should be from the same thread");
      assertEquals(seq, second.getInt(), "record " + (i + 1) + " should be from the same batch");
      assertEquals(1, second.getInt(), "record " + (i + 1) + " should close a batch");
      assertEquals(nextSeq[thread], seq, "batches of thread " + thread + " out of order or repeated");
      nextSeq[thread]++;
    }
    assertTrue(
        fsyncs < THREADS * BATCHES_PER_THREAD,
        "group commit should cover several batches with one fsync, but " + fsyncs + " fsyncs served "
            + THREADS * BATCHES_PER_THREAD + " batches");
  }

  private static byte[] entry(int thread, int seq, int part) {
    return ByteBuffer.allocate(64).putInt(thread).putInt(seq).putInt(part).array();
  }
}
