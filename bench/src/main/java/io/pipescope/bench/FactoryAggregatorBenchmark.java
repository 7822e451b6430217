package io.pipescope.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.FactoryAggregator;
import io.pipescope.aggregator.FactoryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link FactoryAggregator} on the realistic 512-span export ({@link PipelineTraceExport}):
 * per-checker metrics, feature assembly and DORA state. Scores are per span.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar FactoryAggregatorBenchmark -prof gc
 * </pre>
 *
 * <p>{@code sameFeaturesAgain} replays one request: after the first pass its features are closed,
 * so every span only updates known series (and is counted late): the steady state of the
 * per-span path, which should allocate nothing. {@code newFeatures} cycles through requests whose
 * trace ids are all new to the aggregator (more than it remembers), so each op also opens,
 * assembles and closes 64 features: the allocation there is per feature, not per span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PipelineTraceExport.SPANS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FactoryAggregatorBenchmark {
  /** More traces than the aggregator remembers as closed (10,000), so a recurring id is new again. */
  private static final int VARIANTS = 200;

  private FactoryAggregator knownAggregator;
  private FactoryAggregator newAggregator;
  private List<ResourceSpans> known;
  private List<List<ResourceSpans>> variants;
  private int next;

  @Setup
  public void setUp() {
    ExportTraceServiceRequest request = PipelineTraceExport.build();
    known = request.getResourceSpansList();
    knownAggregator = new FactoryAggregator(FactoryConfig.DEFAULTS, System::currentTimeMillis);
    knownAggregator.consume(known);
    variants = new ArrayList<>(VARIANTS);
    for (int v = 0; v < VARIANTS; v++) {
      variants.add(withTraceIdsShifted(request, v + 1).getResourceSpansList());
    }
    newAggregator = new FactoryAggregator(FactoryConfig.DEFAULTS, System::currentTimeMillis);
  }

  @Benchmark
  public FactoryAggregator sameFeaturesAgain() {
    knownAggregator.consume(known);
    return knownAggregator;
  }

  @Benchmark
  public FactoryAggregator newFeatures() {
    newAggregator.consume(variants.get(next));
    next = next + 1 == VARIANTS ? 0 : next + 1;
    return newAggregator;
  }

  /** The same request with every trace id changed (last four bytes xor'd with {@code shift}). */
  static ExportTraceServiceRequest withTraceIdsShifted(ExportTraceServiceRequest request, int shift) {
    ExportTraceServiceRequest.Builder out = request.toBuilder();
    for (ResourceSpans.Builder rs : out.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          byte[] id = span.getTraceId().toByteArray();
          id[12] ^= (byte) (shift >>> 24);
          id[13] ^= (byte) (shift >>> 16);
          id[14] ^= (byte) (shift >>> 8);
          id[15] ^= (byte) shift;
          span.setTraceId(ByteString.copyFrom(id));
        }
      }
    }
    return out.build();
  }
}
