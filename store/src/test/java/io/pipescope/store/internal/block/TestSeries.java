package io.pipescope.store.internal.block;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.LabelsOrder;
import io.pipescope.store.StaleMarker;
import io.pipescope.store.internal.chunk.XorAppender;
import io.pipescope.store.internal.chunk.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A series as a test knows it: labels, samples (values as raw bits, so NaN payloads count) and
 * the chunks they were cut into, with where each chunk starts in the sample arrays.
 */
record TestSeries(Labels labels, long[] times, long[] valueBits, int[] chunkStarts) {
  static final int SAMPLES_PER_CHUNK = 120;

  static final long[] SPECIAL_VALUE_BITS = {
    StaleMarker.BITS,
    0x7ff8000000000000L, // the NaN Java and Go produce
    0x7ff0000000000001L, // signalling NaN, lowest payload
    0xfff8000000000abcL, // negative quiet NaN with a payload
    Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
    Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
    Double.doubleToRawLongBits(-0.0),
  };

  /**
   * {@code count} series with distinct labels and samples at irregular times in {@code [minTime,
   * maxTime)}: counters, gauges and special values (NaN payloads, infinities, staleness markers),
   * cut into chunks of up to 120 samples. Sorted by labels, as a block wants them.
   */
  static List<TestSeries> random(Random random, int count, long minTime, long maxTime) {
    String[] names = {"http_requests_total", "queue_depth", "build_duration_seconds_bucket", "up"};
    String[] jobs = {"api", "db", "ci", "web"};
    List<TestSeries> series = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    while (series.size() < count) {
      List<String> pairs = new ArrayList<>(List.of(
          "__name__", names[random.nextInt(names.length)],
          "job", jobs[random.nextInt(jobs.length)],
          "instance", "host-" + random.nextInt(count)));
      if (random.nextInt(3) == 0) {
        pairs.addAll(List.of("le", String.valueOf(1 << random.nextInt(6))));
      }
      if (random.nextInt(5) == 0) {
        pairs.addAll(List.of("env", random.nextBoolean() ? "" : "prod")); // "" reads as absent
      }
      Labels labels = Labels.of(pairs.toArray(new String[0]));
      if (seen.add(labels)) {
        series.add(samples(random, labels, minTime, maxTime));
      }
    }
    series.sort((a, b) -> LabelsOrder.INSTANCE.compare(a.labels(), b.labels()));
    return series;
  }

  private static TestSeries samples(Random random, Labels labels, long blockMinTime, long blockMaxTime) {
    long minTime = blockMinTime;
    long maxTime = blockMaxTime;
    if (random.nextBoolean()) {
      // Half the series start late or end early, as series come and go, so ranges select among them.
      long a = blockMinTime + (long) (random.nextDouble() * (blockMaxTime - blockMinTime));
      long b = blockMinTime + (long) (random.nextDouble() * (blockMaxTime - blockMinTime));
      minTime = Math.min(a, b);
      maxTime = Math.max(a, b) + 1;
    }
    int n = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(600);
    long span = maxTime - minTime;
    long step = Math.max(1, span / (n + 1));
    long[] times = new long[n];
    long[] bits = new long[n];
    long t = minTime + random.nextInt((int) Math.min(step, 1000));
    double counter = random.nextInt(1000);
    for (int i = 0; i < n && t < maxTime; i++) {
      times[i] = t;
      int kind = random.nextInt(20);
      double v = kind == 0 ? Double.longBitsToDouble(SPECIAL_VALUE_BITS[random.nextInt(SPECIAL_VALUE_BITS.length)])
          : kind < 10 ? (counter += random.nextInt(10))
          : random.nextGaussian() * 100;
      bits[i] = Double.doubleToRawLongBits(v);
      t += 1 + random.nextInt((int) Math.min(2 * step, Integer.MAX_VALUE));
      if (t >= maxTime) {
        times = Arrays.copyOf(times, i + 1);
        bits = Arrays.copyOf(bits, i + 1);
      }
    }
    int[] starts = new int[(times.length + SAMPLES_PER_CHUNK - 1) / SAMPLES_PER_CHUNK];
    for (int c = 0; c < starts.length; c++) {
      starts[c] = c * SAMPLES_PER_CHUNK;
    }
    return new TestSeries(labels, times, bits, starts);
  }

  int numChunks() {
    return chunkStarts.length;
  }

  int chunkEnd(int c) {
    return c + 1 < chunkStarts.length ? chunkStarts[c + 1] : times.length;
  }

  long chunkMinTime(int c) {
    return times[chunkStarts[c]];
  }

  long chunkMaxTime(int c) {
    return times[chunkEnd(c) - 1];
  }

  BlockSeries toBlockSeries() {
    List<EncodedChunk> chunks = new ArrayList<>();
    for (int c = 0; c < numChunks(); c++) {
      XorChunk chunk = new XorChunk();
      XorAppender appender = chunk.appender();
      for (int i = chunkStarts[c]; i < chunkEnd(c); i++) {
        appender.append(times[i], Double.longBitsToDouble(valueBits[i]));
      }
      chunks.add(new EncodedChunk(chunkMinTime(c), chunkMaxTime(c), chunk.bytes()));
    }
    return new BlockSeries(labels, chunks);
  }

  static BlockContents contents(List<TestSeries> series, long minTime, long maxTime) {
    return BlockContents.fromHead(minTime, maxTime, series.stream().map(TestSeries::toBlockSeries).toList());
  }

  /** Whether a querier over [mint, maxt] returns this series: one of its chunks overlaps the range. */
  boolean hasChunkIn(long mint, long maxt) {
    for (int c = 0; c < numChunks(); c++) {
      if (chunkMinTime(c) <= maxt && chunkMaxTime(c) >= mint) {
        return true;
      }
    }
    return false;
  }

  /** The samples in [mint, maxt], as {time, bits} pairs. */
  List<long[]> samplesIn(long mint, long maxt) {
    List<long[]> in = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      if (times[i] >= mint && times[i] <= maxt) {
        in.add(new long[] {times[i], valueBits[i]});
      }
    }
    return in;
  }

  boolean matchesAll(LabelMatcher... matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }
}
