package io.pipescope.bench;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.query.promql.engine.PromqlEngine;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PromQL engine on the storage issue's reference load: 10,000 counter series over one day
 * (one sample per 60 s), selected, rated and summed, as a dashboard's headline panel does.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar PromqlEngineBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class PromqlEngineBenchmark {
  private static final long DAY = 86_400_000L;
  private static final long STEP = 60_000L;

  @Param({"10000"})
  public int series;

  private Head head;
  private final PromqlEngine engine = new PromqlEngine();

  @Setup
  public void load() throws IOException, SampleRejectedException {
    head = new Head(HeadLog.NONE);
    Random random = new Random(1);
    Labels[] labels = new Labels[series];
    double[] values = new double[series];
    long[] refs = new long[series];
    for (int s = 0; s < series; s++) {
      labels[s] = Labels.of("__name__", "checker_runs_total", "checker_name", "checker_" + (s % 50),
          "status", s % 5 == 0 ? "failure" : "success", "instance", "i" + s);
    }
    for (long t = 0; t <= DAY; t += STEP) {
      Appender app = head.appender();
      for (int s = 0; s < series; s++) {
        values[s] += random.nextInt(3);
        refs[s] = app.append(refs[s], labels[s], t, values[s]);
      }
      app.commit();
    }
  }

  /** An instant query at the end of the day: one evaluation over all series. */
  @Benchmark
  public Object instantSumByRate5m() {
    return engine.instantQuery(head, "sum by (checker_name) (rate(checker_runs_total[5m]))", DAY);
  }

  /** The dashboard's range query: the whole day at a 5 minute step (289 steps). */
  @Benchmark
  public Object rangeSumByRate5mOverADay() {
    return engine.rangeQuery(head, "sum by (checker_name) (rate(checker_runs_total[5m]))", 0, DAY, 300_000);
  }

  /** A selector with a regex matcher and a ratio of two rates, as the rework-rate panel. */
  @Benchmark
  public Object instantFailureRatio() {
    return engine.instantQuery(head, "sum by (checker_name) (rate(checker_runs_total{status=~\"fail.*\"}[1h]))"
        + " / sum by (checker_name) (rate(checker_runs_total[1h]))", DAY);
  }
}
