package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bytes per sample, headers and each chunk's uncompressed first sample included, over many
 * 120-sample chunks as Prometheus's head cuts them. A size measurement, not a speed test. Each
 * budget sits about 10% above the figure measured when the encoder was written, so a change that
 * loses compression (a wrong bucket, a window not reused) fails here; the figures are printed.
 */
class XorChunkCompressionTest {
  private static final int CHUNKS = 200;

  @ParameterizedTest(name = "{0} under {1} bytes/sample")
  @CsvSource({
    // 1.61: 1 bit of timestamp, ~2 + 8 bits for the low integer bits that change.
    "REGULAR_COUNTER, 1.75",
    // 3.31: ±3 ms off the grid makes almost every delta of delta non-zero, 16 bits each, so no
    // series scraped without timestamp alignment gets under 2 bytes. Prometheus snaps scrape
    // times within 2 ms of the grid for this reason (prometheus/prometheus#7846).
    "JITTERED_COUNTER, 3.6",
    // 7.02: random mantissas do not compress; only the shared sign and exponent bits are saved.
    "NOISY_GAUGE, 7.5",
    // 0.94: most scrapes leave a slow bucket unchanged, 2 bits.
    "HISTOGRAM_BUCKET, 1.05",
    // 0.40: 2 bits a sample plus each chunk's header and first two samples.
    "CONSTANT, 0.45",
  })
  void scrapeLikeSeriesStayUnderTheirByteBudget(SyntheticSeries.Shape shape, double budget) {
    SyntheticSeries series = shape.generate(2024, CHUNKS * SyntheticSeries.SAMPLES_PER_CHUNK);
    long bytes = 0;
    for (int from = 0; from < series.size(); from += SyntheticSeries.SAMPLES_PER_CHUNK) {
      XorChunk chunk = new XorChunk();
      series.appendTo(chunk.appender(), from, from + SyntheticSeries.SAMPLES_PER_CHUNK);
      bytes += chunk.bytes().length;
    }
    double perSample = (double) bytes / series.size();

    System.out.printf(Locale.ROOT, "%s: %.3f bytes/sample%n", series.name(), perSample);
    assertTrue(perSample < budget, String.format(Locale.ROOT, "%s: %.3f bytes/sample", series.name(), perSample));
  }
}
