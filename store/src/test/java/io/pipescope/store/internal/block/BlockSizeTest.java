package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.internal.chunk.XorAppender;
import io.pipescope.store.internal.chunk.XorChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a realistic two-hour block costs on disk per sample. The XOR chunks' share depends on the
 * data and belongs to the chunk encoding; what this package adds (chunk framing, index, meta) is
 * bounded here, so a format change that bloats blocks fails. Both figures are printed for the record.
 * The overhead is mostly per chunk, about 7 bytes of framing and 8 of index a 120-sample chunk.
 *
 * <p>The data: 60 pipeline stages (10 services x 6 stages), each with a 12-bucket duration
 * histogram, calls by status and a queue-depth gauge, every 15 s. Calls arrive as a Poisson stream
 * of 0.2 to 20 per interval with log-normal durations, so low buckets and quiet stages often do not
 * change. Half the series are on the exact 15 s grid (pipescope's own flush), half jitter by up to
 * 2 ms (scraped and remote-written).
 */
class BlockSizeTest {
  private static final long START = 1_704_067_200_000L;
  private static final long TWO_HOURS = 7_200_000L;
  private static final long INTERVAL = 15_000L;
  private static final int SAMPLES = (int) (TWO_HOURS / INTERVAL);
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

  @TempDir
  Path parent;

  private long rawChunkBytes;

  @Test
  void blockOverheadBeyondTheXorDataStaysUnderAQuarterByteASample() throws IOException {
    Random random = new Random(2024);
    List<BlockSeries> series = new ArrayList<>();
    for (int service = 0; service < 10; service++) {
      for (int stage = 0; stage < 6; stage++) {
        series.addAll(stage(random, "service-" + service, "stage-" + stage));
      }
    }
    series.sort((a, b) -> LabelsOrder.INSTANCE.compare(a.labels(), b.labels()));

    Path dir = BlockWriter.write(parent, BlockContents.fromHead(START, START + TWO_HOURS, series));
    try (Block block = Block.open(dir)) {
      long samples = block.meta().stats().numSamples();
      assertEquals((long) series.size() * SAMPLES, samples);
      double perSample = (double) block.sizeBytes() / samples;
      double xorPerSample = (double) rawChunkBytes / samples;
      double overheadPerSample = perSample - xorPerSample;
      System.out.printf("realistic block: %d series, %d samples, %d chunks; %d bytes on disk"
          + " (chunk segments %d, index %d, meta.json %d) = %.3f bytes/sample:"
          + " XOR data %.3f + block overhead %.3f%n",
          block.meta().stats().numSeries(), samples, block.meta().stats().numChunks(), block.sizeBytes(),
          block.chunks().sizeBytes(), Files.size(dir.resolve(IndexFormat.FILE_NAME)),
          Files.size(dir.resolve(BlockMetaJson.FILE_NAME)), perSample, xorPerSample, overheadPerSample);
      assertTrue(overheadPerSample < 0.25, overheadPerSample + " bytes per sample beyond the XOR data");
      assertTrue(perSample < 2.5, perSample + " bytes per sample in all");
    }
  }

  /** The series of one pipeline stage over two hours. */
  private List<BlockSeries> stage(Random random, String service, String stage) {
    double callsPerInterval = 0.2 + random.nextDouble() * 19.8;
    double medianSeconds = Math.exp(random.nextGaussian() - 2);
    double[][] buckets = new double[BUCKETS.length][SAMPLES];
    double[] ok = new double[SAMPLES];
    double[] errors = new double[SAMPLES];
    double[] depth = new double[SAMPLES];
    int queue = random.nextInt(20);
    for (int i = 0; i < SAMPLES; i++) {
      for (int b = 0; b < BUCKETS.length; b++) {
        buckets[b][i] = i == 0 ? 0 : buckets[b][i - 1];
      }
      ok[i] = i == 0 ? 0 : ok[i - 1];
      errors[i] = i == 0 ? 0 : errors[i - 1];
      for (int call = poisson(random, callsPerInterval); call > 0; call--) {
        double seconds = medianSeconds * Math.exp(random.nextGaussian());
        for (int b = 0; b < BUCKETS.length; b++) {
          if (seconds <= BUCKETS[b]) {
            buckets[b][i]++;
          }
        }
        if (random.nextInt(50) == 0) {
          errors[i]++;
        } else {
          ok[i]++;
        }
      }
      queue = Math.max(0, queue + random.nextInt(5) - 2);
      depth[i] = queue;
    }
    List<BlockSeries> series = new ArrayList<>();
    for (int b = 0; b < BUCKETS.length; b++) {
      String le = Double.isInfinite(BUCKETS[b]) ? "+Inf" : String.valueOf(BUCKETS[b]);
      series.add(series(random, Labels.of("__name__", "pipeline_stage_duration_seconds_bucket",
          "service", service, "stage", stage, "le", le), buckets[b]));
    }
    series.add(series(random, Labels.of("__name__", "pipeline_stage_calls_total",
        "service", service, "stage", stage, "status", "ok"), ok));
    series.add(series(random, Labels.of("__name__", "pipeline_stage_calls_total",
        "service", service, "stage", stage, "status", "error"), errors));
    series.add(series(random, Labels.of("__name__", "pipeline_queue_depth", "service", service, "stage", stage), depth));
    return series;
  }

  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }

  /** The values at 15 s steps, cut into chunks of 120 samples; half the series jitter. */
  private BlockSeries series(Random random, Labels labels, double[] values) {
    int jitter = random.nextBoolean() ? 5 : 1;
    List<EncodedChunk> chunks = new ArrayList<>();
    for (int start = 0; start < SAMPLES; start += TestSeries.SAMPLES_PER_CHUNK) {
      XorChunk chunk = new XorChunk();
      XorAppender appender = chunk.appender();
      long first = 0;
      long last = 0;
      for (int i = start; i < Math.min(SAMPLES, start + TestSeries.SAMPLES_PER_CHUNK); i++) {
        long t = START + i * INTERVAL + random.nextInt(jitter);
        appender.append(t, values[i]);
        first = i == start ? t : first;
        last = t;
      }
      byte[] bytes = chunk.bytes();
      rawChunkBytes += bytes.length;
      chunks.add(new EncodedChunk(first, last, bytes));
    }
    return new BlockSeries(labels, chunks);
  }
}
