package io.pipescope.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.pipescope.aggregator.SpanMetricsAggregator;
import io.pipescope.aggregator.SpanMetricsConfig;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.ingest.internal.InflightLimiter;
import io.pipescope.ingest.internal.IngestMetrics;
import io.pipescope.ingest.internal.OtlpJson;
import io.pipescope.ingest.internal.RefusedException;
import io.pipescope.ingest.internal.TraceIngestor;
import io.pipescope.ingest.internal.Transport;
import java.io.IOException;
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
 * The {@link TraceIngestor} path for one realistic 512-span export ({@link PipelineTraceExport}):
 * decode, validate and aggregate into a real {@link SpanMetricsAggregator}, and each half alone.
 * Every score is per span ({@code @OperationsPerInvocation}), and so is {@code gc.alloc.rate.norm}.
 *
 * <pre>
 * ./mvnw -pl bench package
 * java -jar bench/target/benchmarks.jar TraceIngestBenchmark -prof gc
 * </pre>
 *
 * <p>The aggregator is shared, as the ingest workers share it, and lives for the whole trial: after
 * the first invocation every series exists, so the numbers are the steady state of a warm server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PipelineTraceExport.SPANS)
// A fixed heap keeps G1's resizing out of the numbers and makes runs on machines with more memory
// comparable; decoding allocates a few GB/s, so the heap is sized well past the young generation's needs.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TraceIngestBenchmark {
  private SpanMetricsAggregator aggregator;
  private TraceIngestor ingestor;
  private ExportTraceServiceRequest request;
  private byte[] protobufBody;
  private byte[] jsonBody;

  @Setup
  public void setUp() {
    aggregator = new SpanMetricsAggregator(SpanMetricsConfig.DEFAULTS);
    IngestLimits limits = IngestLimits.DEFAULTS;
    InflightLimiter limiter = new InflightLimiter(limits.maxInflightBytes(), limits.maxInflightRequests());
    ingestor = new TraceIngestor(aggregator, limits, new IngestMetrics(limiter, limits));
    request = PipelineTraceExport.build();
    protobufBody = request.toByteArray();
    jsonBody = io.pipescope.query.traces.OtlpJson.encode(request);
  }

  /** What a gRPC or OTLP/HTTP protobuf export costs once its body has arrived. */
  @Benchmark
  public ExportTraceServiceResponse decodeAndAggregateProtobuf() throws IOException, RefusedException {
    return ingestor.ingest(ExportTraceServiceRequest.parseFrom(protobufBody), Transport.HTTP);
  }

  /** The same export sent as OTLP/JSON, decoded as the HTTP edge decodes it. */
  @Benchmark
  public ExportTraceServiceResponse decodeAndAggregateJson() throws RefusedException {
    ExportTraceServiceRequest.Builder decoded = ExportTraceServiceRequest.newBuilder();
    OtlpJson.merge(jsonBody, decoded);
    return ingestor.ingest(decoded.build(), Transport.HTTP);
  }

  /** The aggregator's hot path alone, on spans already decoded; should allocate next to nothing. */
  @Benchmark
  public void aggregateOnly() {
    aggregator.consume(request.getResourceSpansList());
  }

  @Benchmark
  public ExportTraceServiceRequest decodeOnly() throws IOException {
    return ExportTraceServiceRequest.parseFrom(protobufBody);
  }

  /** For the test that checks each benchmark really aggregates the whole export. */
  MetricSource spanMetrics() {
    return aggregator;
  }
}
