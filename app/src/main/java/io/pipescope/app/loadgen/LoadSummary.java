package io.pipescope.app.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a load run. Every span sent is counted once: {@code accepted + refused + errors =
 * sent}, where errors are the spans of failed requests plus the spans rejected one by one in
 * accepted requests (OTLP partial success).
 *
 * @param targetSpansPerSecond the asked rate; 0 for flat out
 * @param requestsDropped rate-limited slots skipped because every exporter was still busy
 * @param featuresBegun simulated features whose spans started to be sent
 * @param statuses answers by gRPC status code or HTTP status ({@code timeout}, {@code io_error}
 *     when none came)
 */
public record LoadSummary(
    String protocol,
    String endpoint,
    int exporters,
    int batchSize,
    double targetSpansPerSecond,
    long seed,
    boolean gzip,
    double elapsedSeconds,
    long requestsAccepted,
    long requestsRefused,
    long requestsFailed,
    long requestsDropped,
    long spansSent,
    long spansAccepted,
    long spansRefused,
    long spansErrors,
    long spansRejected,
    long featuresBegun,
    Latency latency,
    Map<String, Long> statuses) {

  /** Export latency over the whole run, in milliseconds. */
  public record Latency(double p50, double p95, double p99, double max, double mean) {}

  public long requestsSent() {
    return requestsAccepted + requestsRefused + requestsFailed;
  }

  /** Accepted spans per second. */
  public double spansPerSecond() {
    return elapsedSeconds > 0 ? spansAccepted / elapsedSeconds : 0;
  }

  public double sentSpansPerSecond() {
    return elapsedSeconds > 0 ? spansSent / elapsedSeconds : 0;
  }

  public double requestsPerSecond() {
    return elapsedSeconds > 0 ? requestsSent() / elapsedSeconds : 0;
  }

  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("protocol", protocol).put("endpoint", endpoint).put("exporters", exporters).put("batch_size", batchSize);
    if (targetSpansPerSecond > 0) {
      root.put("target_spans_per_second", targetSpansPerSecond);
    } else {
      root.putNull("target_spans_per_second");
    }
    root.put("seed", seed).put("gzip", gzip).put("elapsed_seconds", round(elapsedSeconds, 3));
    root.putObject("requests").put("sent", requestsSent()).put("accepted", requestsAccepted)
        .put("refused", requestsRefused).put("failed", requestsFailed).put("dropped", requestsDropped);
    root.putObject("spans").put("sent", spansSent).put("accepted", spansAccepted).put("refused", spansRefused)
        .put("errors", spansErrors).put("rejected", spansRejected);
    root.put("features_begun", featuresBegun);
    root.putObject("throughput").put("spans_per_second", round(spansPerSecond(), 1))
        .put("sent_spans_per_second", round(sentSpansPerSecond(), 1))
        .put("requests_per_second", round(requestsPerSecond(), 1));
    root.putObject("latency_ms").put("p50", latency.p50()).put("p95", latency.p95()).put("p99", latency.p99())
        .put("max", latency.max()).put("mean", round(latency.mean(), 3));
    ObjectNode byStatus = root.putObject("statuses");
    statuses.forEach(byStatus::put);
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The human-readable summary printed at the end of a run. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "pipescope loadgen: %s to %s, %d exporters, %d spans a request, %s%s%n",
        protocol, endpoint, exporters, batchSize,
        targetSpansPerSecond > 0 ? "target " + count((long) targetSpansPerSecond) + " spans/s" : "flat out",
        gzip ? ", gzip" : ""));
    out.append(String.format(Locale.ROOT, "  elapsed     %.2f s%n", elapsedSeconds));
    out.append(String.format(Locale.ROOT, "  sent        %s spans in %s requests (%s features)%n", count(spansSent),
        count(requestsSent()), count(featuresBegun)));
    out.append(String.format(Locale.ROOT, "  accepted    %s spans (%.2f %%)%n", count(spansAccepted),
        spansSent > 0 ? 100.0 * spansAccepted / spansSent : 0));
    out.append(String.format(Locale.ROOT, "  refused     %s spans in %s requests (retryable: overloaded)%n",
        count(spansRefused), count(requestsRefused)));
    out.append(String.format(Locale.ROOT, "  errors      %s spans (%s in %s failed requests, %s rejected in partial"
        + " success)%n", count(spansErrors), count(spansErrors - spansRejected), count(requestsFailed),
        count(spansRejected)));
    if (requestsDropped > 0) {
      out.append(String.format(Locale.ROOT, "  dropped     %s requests fell due while every exporter was busy: the"
          + " target rate was not reached%n", count(requestsDropped)));
    }
    out.append(String.format(Locale.ROOT, "  throughput  %s spans/s accepted, %.1f requests/s%n",
        count(Math.round(spansPerSecond())), requestsPerSecond()));
    out.append(String.format(Locale.ROOT, "  latency     p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms%n",
        latency.p50(), latency.p95(), latency.p99(), latency.max()));
    StringBuilder s = new StringBuilder();
    statuses.forEach((status, n) -> s.append(s.length() == 0 ? "" : ", ").append(status).append(' ').append(count(n)));
    out.append("  statuses    ").append(s.length() == 0 ? "none" : s).append('\n');
    return out.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
