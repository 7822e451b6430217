package io.pipescope.aggregator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.CounterFamily;
import io.pipescope.aggregator.metrics.HistogramFamily;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.SketchHistogram;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsFlusherTest {
  /** Records committed samples; can be told to fail commits. */
  static final class RecordingStorage implements Appendable {
    record Sample(Labels labels, long t, double v) {}

    final List<Sample> committed = new ArrayList<>();
    boolean failCommit;

    @Override
    public Appender appender() {
      List<Sample> pending = new ArrayList<>();
      return new Appender() {
        @Override
        public long append(long ref, Labels labels, long t, double v) {
          pending.add(new Sample(labels, t, v));
          return 0;
        }

        @Override
        public void commit() throws IOException {
          if (failCommit) {
            throw new IOException("disk full");
          }
          committed.addAll(pending);
        }

        @Override
        public void rollback() {
          pending.clear();
        }
      };
    }

    double value(String name, String... labels) {
      Labels want = Labels.of(labels).with("__name__", name);
      return committed.stream().filter(s -> s.labels().equals(want)).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no sample " + want + " in " + committed)).v();
    }
  }

  @Test
  void countersAndHistogramsAreStoredAsTheExpositionNamesThem() throws IOException {
    CounterFamily runs = new CounterFamily("checker_runs", "", new CardinalityLimit(10), "checker_name");
    HistogramFamily durations = new HistogramFamily("checker_duration_seconds", "", new double[] {1, 5}, 2,
        SketchHistogram.MICROS_PER_SECOND, new CardinalityLimit(10), "checker_name");
    runs.labels("build").add(3);
    durations.labels("build").record(0.5);
    durations.labels("build").record(2);
    RecordingStorage storage = new RecordingStorage();
    AtomicLong clock = new AtomicLong(1_000_007);
    MetricsFlusher flusher = new MetricsFlusher(List.of(runs, durations), storage, Duration.ofSeconds(15), clock::get);

    MetricsFlusher.Flush flush = flusher.flushNow();

    assertEquals(6, flush.samples(), "one counter; buckets le=1, le=5 and +Inf; sum; count");
    assertEquals(3, storage.value("checker_runs_total", "checker_name", "build"));
    assertEquals(1, storage.value("checker_duration_seconds_bucket", "checker_name", "build", "le", "1"));
    assertEquals(2, storage.value("checker_duration_seconds_bucket", "checker_name", "build", "le", "5"));
    assertEquals(2, storage.value("checker_duration_seconds_bucket", "checker_name", "build", "le", "+Inf"));
    assertEquals(2.5, storage.value("checker_duration_seconds_sum", "checker_name", "build"), 1e-9);
    assertEquals(2, storage.value("checker_duration_seconds_count", "checker_name", "build"));
    assertEquals(1_000_007, storage.committed.get(0).t());
  }

  @Test
  void aFailedCommitIsReportedAndTheNextFlushWritesAgain() throws IOException {
    CounterFamily runs = new CounterFamily("runs", "", new CardinalityLimit(10), "k");
    runs.labels("a").inc();
    RecordingStorage storage = new RecordingStorage();
    AtomicLong clock = new AtomicLong(1000);
    MetricsFlusher flusher = new MetricsFlusher(List.of(runs), storage, Duration.ofSeconds(15), clock::get);
    storage.failCommit = true;
    assertThrows(IOException.class, flusher::flushNow);
    storage.failCommit = false;
    clock.set(2000);
    assertEquals(1, flusher.flushNow().samples());
    assertEquals(1, storage.committed.size());
  }

  @Test
  void aFlushNeverWritesAtOrBeforeThePreviousTimestamp() throws IOException {
    CounterFamily runs = new CounterFamily("runs", "", new CardinalityLimit(10), "k");
    runs.labels("a").inc();
    RecordingStorage storage = new RecordingStorage();
    AtomicLong clock = new AtomicLong(5000);
    MetricsFlusher flusher = new MetricsFlusher(List.of(runs), storage, Duration.ofSeconds(15), clock::get);
    flusher.flushNow();
    assertEquals(0, flusher.flushNow().samples(), "same millisecond: nothing new to write");
    assertEquals(1, storage.committed.size());
  }
}
