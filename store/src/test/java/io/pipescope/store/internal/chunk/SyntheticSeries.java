package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.SampleIterator;
import io.pipescope.store.StaleMarker;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Series shaped like those the store will hold, generated from a seed so a failure repeats.
 * Values are compared by raw bits throughout, so NaN payloads count.
 */
record SyntheticSeries(String name, long[] timestamps, double[] values) {
  /** Prometheus cuts head chunks at 120 samples: 30 minutes of a 15 s scrape. */
  static final int SAMPLES_PER_CHUNK = 120;

  private static final long EPOCH_2024_MILLIS = 1_704_067_200_000L;
  private static final long SCRAPE_INTERVAL_MILLIS = 15_000;

  static final long[] SPECIAL_VALUE_BITS = {
    StaleMarker.BITS,
    0x7ff8000000000000L, // the NaN Java and Go produce
    0x7ff0000000000001L, // signalling NaN, lowest payload
    0xfff8000000000abcL, // negative quiet NaN with a payload
    Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
    Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
    Double.doubleToRawLongBits(-0.0),
    Double.doubleToRawLongBits(0.0),
    Double.doubleToRawLongBits(Double.MIN_VALUE),
    Double.doubleToRawLongBits(-Double.MAX_VALUE),
  };

  /** Every shape by name, so parameterized tests can cover them all. */
  enum Shape {
    REGULAR_COUNTER(SyntheticSeries::regularCounter),
    JITTERED_COUNTER(SyntheticSeries::jitteredCounter),
    NOISY_GAUGE(SyntheticSeries::noisyGauge),
    HISTOGRAM_BUCKET(SyntheticSeries::histogramBucket),
    CONSTANT(SyntheticSeries::constant),
    IRREGULAR_WITH_SPECIAL_VALUES(SyntheticSeries::irregularWithSpecialValues),
    HUGE_TIMESTAMPS_RANDOM_BITS(SyntheticSeries::hugeTimestampsRandomBits);

    private final BiFunction<Random, Integer, SyntheticSeries> generator;

    Shape(BiFunction<Random, Integer, SyntheticSeries> generator) {
      this.generator = generator;
    }

    SyntheticSeries generate(long seed, int n) {
      return generator.apply(new Random(seed), n);
    }
  }

  /** A request counter scraped on time: +0 to +9 per 15 s, timestamps exactly on the grid. */
  static SyntheticSeries regularCounter(Random random, int n) {
    return counter("regular counter", random, n, 0);
  }

  /** The same counter with each timestamp ±3 ms off the grid, as an unaligned scraper's timer. */
  static SyntheticSeries jitteredCounter(Random random, int n) {
    return counter("jittered counter", random, n, 3);
  }

  private static SyntheticSeries counter(String name, Random random, int n, int jitterMillis) {
    long[] t = new long[n];
    double[] v = new double[n];
    double count = random.nextInt(100_000);
    for (int i = 0; i < n; i++) {
      t[i] = onGrid(i) + (jitterMillis == 0 ? 0 : random.nextInt(2 * jitterMillis + 1) - jitterMillis);
      count += random.nextInt(10);
      v[i] = count;
    }
    return new SyntheticSeries(name, t, v);
  }

  /** A gauge such as queue depth in seconds: 50 plus Gaussian noise, every mantissa bit random. */
  static SyntheticSeries noisyGauge(Random random, int n) {
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = onGrid(i);
      v[i] = 50 + 5 * random.nextGaussian();
    }
    return new SyntheticSeries("noisy gauge", t, v);
  }

  /** One bucket of a duration histogram: Poisson-distributed (mean 0.7) increments, often none. */
  static SyntheticSeries histogramBucket(Random random, int n) {
    long[] t = new long[n];
    double[] v = new double[n];
    double count = random.nextInt(5_000);
    for (int i = 0; i < n; i++) {
      t[i] = onGrid(i);
      count += poisson(random, 0.7);
      v[i] = count;
    }
    return new SyntheticSeries("histogram bucket", t, v);
  }

  static SyntheticSeries constant(Random random, int n) {
    long[] t = new long[n];
    double[] v = new double[n];
    double value = random.nextDouble() * 1e6;
    for (int i = 0; i < n; i++) {
      t[i] = onGrid(i);
      v[i] = value;
    }
    return new SyntheticSeries("constant", t, v);
  }

  /**
   * Gaps from 1 ms to an hour (every delta-of-delta bucket) and a random walk where a tenth of
   * the values are NaNs with payloads, staleness markers, infinities, signed zeros or extremes.
   */
  static SyntheticSeries irregularWithSpecialValues(Random random, int n) {
    long[] t = new long[n];
    double[] v = new double[n];
    long time = EPOCH_2024_MILLIS;
    double walk = 0;
    for (int i = 0; i < n; i++) {
      time += switch (random.nextInt(4)) {
        case 0 -> 1 + random.nextInt(10);
        case 1 -> SCRAPE_INTERVAL_MILLIS;
        case 2 -> 1 + random.nextInt(1_000_000);
        default -> 1 + random.nextInt(3_600_000);
      };
      t[i] = time;
      walk += random.nextGaussian();
      v[i] = random.nextInt(10) == 0
          ? Double.longBitsToDouble(SPECIAL_VALUE_BITS[random.nextInt(SPECIAL_VALUE_BITS.length)])
          : walk;
    }
    return new SyntheticSeries("irregular with special values", t, v);
  }

  /** Negative timestamps far from the epoch, gaps up to 2^40 ms, values of random raw bits. */
  static SyntheticSeries hugeTimestampsRandomBits(Random random, int n) {
    long[] t = new long[n];
    double[] v = new double[n];
    long time = Long.MIN_VALUE / 2;
    for (int i = 0; i < n; i++) {
      time += 1 + (random.nextLong() >>> 24);
      t[i] = time;
      v[i] = Double.longBitsToDouble(random.nextLong());
    }
    return new SyntheticSeries("huge timestamps, random bits", t, v);
  }

  private static long onGrid(int i) {
    return EPOCH_2024_MILLIS + i * SCRAPE_INTERVAL_MILLIS;
  }

  private static int poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  int size() {
    return timestamps.length;
  }

  XorChunk encode() {
    XorChunk chunk = new XorChunk();
    appendTo(chunk.appender(), 0, size());
    return chunk;
  }

  void appendTo(XorAppender appender, int from, int to) {
    for (int i = from; i < to; i++) {
      appender.append(timestamps[i], values[i]);
    }
  }

  /** Asserts the iterator yields exactly samples {@code [0, count)}, values by raw bits. */
  void assertIteratesFirst(int count, SampleIterator it) {
    for (int i = 0; i < count; i++) {
      assertTrue(it.next(), () -> name + ": ended before sample " + count);
      int index = i;
      assertEquals(timestamps[i], it.timestamp(), () -> name + ": timestamp of sample " + index);
      assertEquals(
          Double.doubleToRawLongBits(values[i]),
          Double.doubleToRawLongBits(it.value()),
          () -> name + ": value bits of sample " + index);
    }
    assertFalse(it.next(), () -> name + ": more than " + count + " samples");
  }
}
