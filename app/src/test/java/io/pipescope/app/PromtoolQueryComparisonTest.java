package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.app.testing.PrometheusProcess;
import io.pipescope.app.testing.Promtool;
import io.pipescope.app.testing.RunningPipescope;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes pipescope and remote-writes what it scraped into pipescope, so both
 * hold the same samples; promtool's instant and range queries then print the same answers from
 * either server.
 */
class PromtoolQueryComparisonTest {
  private static final List<String> QUERIES = List.of(
      "up{job=\"pipescope\"}",
      "count by (job) ({job=\"pipescope\"})",
      "sum by (transport) (pipescope_ingest_requests_total{job=\"pipescope\"})",
      "rate(process_cpu_seconds_total{job=\"pipescope\"}[30s])",
      "max_over_time(scrape_duration_seconds{job=\"pipescope\"}[1m]) > 0",
      "topk(3, sort_desc(scrape_samples_scraped{job=\"pipescope\"}))");

  @TempDir Path dir;

  @Test
  void promtoolQueriesAnswerTheSameFromPipescopeAndPrometheus() throws Exception {
    try (RunningPipescope server = RunningPipescope.start("storage.flush_interval=1h");
        PrometheusProcess prometheus = PrometheusProcess.scrapeAndRemoteWrite(dir, "pipescope",
            server.pipescope().apiAddress(), server.otlpHttpBase() + "/api/v1/write")) {
      // Wait for several scrapes to be remote-written, then query a moment both servers hold.
      long deadline = System.nanoTime() + 60_000_000_000L;
      long[] upTimes = {};
      while (System.nanoTime() < deadline && upTimes.length < 8) {
        upTimes = sampleTimes(server, "up");
        Thread.sleep(250);
      }
      assertTrue(upTimes.length >= 8, "remote write delivered " + upTimes.length + " scrapes");
      long at = upTimes[upTimes.length - 2] / 1000 + 1; // a second after a scrape both hold in full
      for (String query : QUERIES) {
        Promtool.Result fromPrometheus = Promtool.queryInstant(prometheus.baseUrl(), query, at);
        Promtool.Result fromPipescope = Promtool.queryInstant(server.apiBase(), query, at);
        assertEquals(0, fromPrometheus.exitCode(), query + ": " + fromPrometheus.output());
        assertEquals(0, fromPipescope.exitCode(), query + ": " + fromPipescope.output());
        assertTrue(fromPrometheus.output().contains("=>"), "Prometheus has an answer for " + query + ": "
            + fromPrometheus.output());
        assertEquals(fromPrometheus.output(), fromPipescope.output(), "instant " + query);
      }
      long start = upTimes[1] / 1000 + 1;
      for (String query : QUERIES) {
        Promtool.Result fromPrometheus = Promtool.queryRange(prometheus.baseUrl(), query, start, at, "1s");
        Promtool.Result fromPipescope = Promtool.queryRange(server.apiBase(), query, start, at, "1s");
        assertEquals(0, fromPipescope.exitCode(), query + ": " + fromPipescope.output());
        assertTrue(fromPrometheus.output().contains("@["), "Prometheus has points for " + query);
        assertEquals(fromPrometheus.output(), fromPipescope.output(), "range " + query);
      }
    }
  }

  private static long[] sampleTimes(RunningPipescope server, String name) {
    try (Querier q = server.pipescope().store().querier(0, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, LabelMatcher.equal("__name__", name), LabelMatcher.equal("job", "pipescope"));
      if (!set.next()) {
        return new long[0];
      }
      SampleIterator it = set.at().iterator();
      long[] times = new long[0];
      while (it.next()) {
        times = java.util.Arrays.copyOf(times, times.length + 1);
        times[times.length - 1] = it.timestamp();
      }
      return times;
    }
  }
}
