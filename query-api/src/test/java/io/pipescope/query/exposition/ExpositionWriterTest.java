package io.pipescope.query.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.HistogramSnapshot;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import org.junit.jupiter.api.Test;

class ExpositionWriterTest {

  private static final MetricSource COUNTER = c -> {
    c.family("http_requests", MetricType.COUNTER, "Requests handled.");
    c.sample(Labels.of("method", "GET", "code", "200"), 1027);
    c.sample(Labels.of("method", "POST", "code", "500"), 3);
  };

  private static final MetricSource GAUGE = c -> {
    c.family("inflight_bytes", MetricType.GAUGE, "Request bytes held right now.");
    c.sample(Labels.empty(), 1536);
    c.sample(Labels.of("transport", "grpc"), 0.25);
  };

  private static final MetricSource HISTOGRAM = c -> {
    c.family("duration_seconds", MetricType.HISTOGRAM, "Span durations in seconds.");
    c.histogram(Labels.of("service_name", "cart"),
        new HistogramSnapshot(new double[] {0.005, 0.1, 1}, new long[] {1, 3, 4, 6}, 17.25, 6));
    c.histogram(Labels.empty(), new HistogramSnapshot(new double[] {1}, new long[] {0, 0}, 0, 0));
  };

  private static String write(ExpositionFormat format, MetricSource... sources) {
    StringBuilder out = new StringBuilder();
    ExpositionWriter writer = format.newWriter(out);
    for (MetricSource source : sources) {
      source.collect(writer);
    }
    writer.finish();
    return out.toString();
  }

  @Test
  void counterGaugeAndHistogramInTheTextFormat() {
    assertEquals("""
        # HELP http_requests_total Requests handled.
        # TYPE http_requests_total counter
        http_requests_total{code="200",method="GET"} 1027
        http_requests_total{code="500",method="POST"} 3
        # HELP inflight_bytes Request bytes held right now.
        # TYPE inflight_bytes gauge
        inflight_bytes 1536
        inflight_bytes{transport="grpc"} 0.25
        # HELP duration_seconds Span durations in seconds.
        # TYPE duration_seconds histogram
        duration_seconds_bucket{service_name="cart",le="0.005"} 1
        duration_seconds_bucket{service_name="cart",le="0.1"} 3
        duration_seconds_bucket{service_name="cart",le="1"} 4
        duration_seconds_bucket{service_name="cart",le="+Inf"} 6
        duration_seconds_sum{service_name="cart"} 17.25
        duration_seconds_count{service_name="cart"} 6
        duration_seconds_bucket{le="1"} 0
        duration_seconds_bucket{le="+Inf"} 0
        duration_seconds_sum 0
        duration_seconds_count 0
        """, write(ExpositionFormat.PROMETHEUS_TEXT, COUNTER, GAUGE, HISTOGRAM));
  }

  @Test
  void counterGaugeAndHistogramInOpenMetrics() {
    assertEquals("""
        # HELP http_requests Requests handled.
        # TYPE http_requests counter
        http_requests_total{code="200",method="GET"} 1027
        http_requests_total{code="500",method="POST"} 3
        # HELP inflight_bytes Request bytes held right now.
        # TYPE inflight_bytes gauge
        inflight_bytes 1536
        inflight_bytes{transport="grpc"} 0.25
        # HELP duration_seconds Span durations in seconds.
        # TYPE duration_seconds histogram
        duration_seconds_bucket{service_name="cart",le="0.005"} 1
        duration_seconds_bucket{service_name="cart",le="0.1"} 3
        duration_seconds_bucket{service_name="cart",le="1"} 4
        duration_seconds_bucket{service_name="cart",le="+Inf"} 6
        duration_seconds_sum{service_name="cart"} 17.25
        duration_seconds_count{service_name="cart"} 6
        duration_seconds_bucket{le="1"} 0
        duration_seconds_bucket{le="+Inf"} 0
        duration_seconds_sum 0
        duration_seconds_count 0
        # EOF
        """, write(ExpositionFormat.OPENMETRICS, COUNTER, GAUGE, HISTOGRAM));
  }

  @Test
  void anEmptyExpositionIsEmptyInTextAndOnlyEofInOpenMetrics() {
    assertEquals("", write(ExpositionFormat.PROMETHEUS_TEXT));
    assertEquals("# EOF\n", write(ExpositionFormat.OPENMETRICS));
  }

  private static final MetricSource AWKWARD_TEXT = c -> {
    c.family("paths", MetricType.GAUGE, "Paths like C:\\tmp, \"quoted\"\nand a second line.");
    c.sample(Labels.of("path", "C:\\tmp\\\"x\"\nnext"), 1);
  };

  @Test
  void labelValuesEscapeBackslashQuoteAndNewlineAndTextHelpLeavesQuotes() {
    assertEquals("""
        # HELP paths Paths like C:\\\\tmp, "quoted"\\nand a second line.
        # TYPE paths gauge
        paths{path="C:\\\\tmp\\\\\\"x\\"\\nnext"} 1
        """, write(ExpositionFormat.PROMETHEUS_TEXT, AWKWARD_TEXT));
  }

  @Test
  void openMetricsHelpEscapesQuotesToo() {
    assertEquals("""
        # HELP paths Paths like C:\\\\tmp, \\"quoted\\"\\nand a second line.
        # TYPE paths gauge
        paths{path="C:\\\\tmp\\\\\\"x\\"\\nnext"} 1
        # EOF
        """, write(ExpositionFormat.OPENMETRICS, AWKWARD_TEXT));
  }
}
