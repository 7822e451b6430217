package io.pipescope.bench;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Loads the store with realistic factory-like series and prints what the storage issue asks to
 * measure: append throughput, bytes per sample in the head's chunks, heap bytes per active series,
 * and the time to replay the write-ahead log on open.
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar io.pipescope.bench.StoreLoadTool [series] [samplesPerSeries] [mixed|factory]
 * </pre>
 *
 * Series are a mix as the aggregator writes them: a third counters (small integer increments), a
 * third histogram buckets (cumulative, mostly unchanged), a third gauges (noisy floats); one
 * sample per series every 15 s on the grid, appended in batches of 1000 as a flush would.
 */
public final class StoreLoadTool {
  private StoreLoadTool() {}

  /** "mixed" (a third each) or "factory" (what the aggregator flushes: mostly histogram buckets). */
  private static String mix;

  public static void main(String[] args) throws IOException, SampleRejectedException {
    int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int samplesPerSeries = args.length > 1 ? Integer.parseInt(args[1]) : 120;
    mix = args.length > 2 ? args[2] : "mixed";
    Path dir = Files.createTempDirectory("pipescope-store-load");
    try {
      run(dir, seriesCount, samplesPerSeries);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path dir, int seriesCount, int samplesPerSeries) throws IOException, SampleRejectedException {
    Labels[] labels = new Labels[seriesCount];
    for (int i = 0; i < seriesCount; i++) {
      labels[i] = Labels.of("__name__", "factory_metric_" + (i % 50), "checker_name", "checker_" + (i % 20),
          "series", Integer.toString(i));
    }
    long heapBefore = usedHeapAfterGc();
    StoreOptions options = new StoreOptions(dir, FsyncPolicy.INTERVAL, Duration.ofSeconds(1));
    Random random = new Random(42);
    double[] state = new double[seriesCount];
    long[] refs = new long[seriesCount];
    long start = System.nanoTime();
    long samples = 0;
    try (TimeSeriesStore store = TimeSeriesStore.open(options)) {
      long t0 = 1_764_000_000_000L;
      for (int round = 0; round < samplesPerSeries; round++) {
        long t = t0 + round * 15_000L;
        Appender app = store.appender();
        for (int i = 0; i < seriesCount; i++) {
          state[i] = next(i, state[i], random);
          refs[i] = app.append(refs[i], labels[i], t, state[i]);
          samples++;
          if (samples % 1000 == 0) {
            app.commit();
            app = store.appender();
          }
        }
        app.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long heapAfter = usedHeapAfterGc();
      System.out.printf("series %,d, samples %,d%n", seriesCount, samples);
      System.out.printf("append: %,.0f samples/s (batches of 1000, fsync interval 1s)%n", samples / seconds);
      System.out.printf("chunks: %.3f bytes/sample (%,d bytes)%n", (double) store.chunkBytes() / samples,
          store.chunkBytes());
      System.out.printf("heap: %,.0f bytes per series (labels, index, chunks; %d samples each)%n",
          (double) (heapAfter - heapBefore) / seriesCount, samplesPerSeries);
    }
    long replayStart = System.nanoTime();
    try (TimeSeriesStore reopened = TimeSeriesStore.open(options)) {
      double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
      System.out.printf("replay: %.2f s for %,d series and %,d samples (WAL %,d bytes)%n", replaySeconds,
          reopened.replayed().series(), reopened.replayed().samples(), walBytes(dir));
    }
  }

  private static double next(int i, double previous, Random random) {
    if (mix.equals("factory")) {
      // A factory's series as the aggregator flushes them: ~70% histogram buckets (a bucket of a
      // stage that ran once in a while), ~25% run counters, ~5% gauges (service_up, in-flight).
      int kind = i % 20;
      if (kind < 14) {
        return previous + (random.nextInt(40) == 0 ? 1 : 0);
      }
      if (kind < 19) {
        return previous + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
      }
      return random.nextInt(50) == 0 ? 0 : 1;
    }
    return switch (i % 3) {
      case 0 -> previous + random.nextInt(4);
      case 1 -> previous + (random.nextInt(10) == 0 ? 1 : 0);
      default -> 50 + random.nextGaussian() * 5;
    };
  }

  private static long walBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("wal"))) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
