package io.pipescope.bench;

import io.airlift.compress.snappy.SnappyCompressor;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Loads identical data into pipescope and a real Prometheus through remote write, then times the
 * same query mix against both and prints the latency ratio. Run by {@code bench/compare-with-prometheus.sh}.
 *
 * <pre>
 * PrometheusComparison PIPESCOPE_WRITE_URL PIPESCOPE_API PROMETHEUS_WRITE_URL PROMETHEUS_API [series] [minutes]
 * </pre>
 */
public final class PrometheusComparison {
  private static final List<String> QUERIES = List.of(
      "sum by (checker_name) (rate(checker_runs_total[5m]))",
      "sum by (checker_name) (rate(checker_runs_total{status=~\"fail.*\"}[5m])) / sum by (checker_name) (rate(checker_runs_total[5m]))",
      "topk(5, sum by (instance) (rate(checker_runs_total[5m])))",
      "histogram_quantile(0.95, sum by (le) (rate(checker_duration_seconds_bucket[5m])))",
      "max_over_time(checker_runs_total[10m])",
      "count(checker_runs_total)");
  private static final int ROUNDS = 5;

  private PrometheusComparison() {}

  public static void main(String[] args) throws Exception {
    String pipescopeWrite = args[0];
    String pipescopeApi = args[1];
    String prometheusWrite = args[2];
    String prometheusApi = args[3];
    int series = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    int minutes = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    HttpClient http = HttpClient.newHttpClient();
    long end = System.currentTimeMillis() / 15_000 * 15_000;
    long start = end - minutes * 60_000L;
    System.out.printf("loading %d series x %d samples (15 s apart) into both%n", series, minutes * 4);
    load(http, pipescopeWrite, series, start, end);
    load(http, prometheusWrite, series, start, end);
    System.out.printf("%-100s %12s %12s %7s%n", "query (range over the data, step 15s)", "pipescope ms", "prometheus ms",
        "ratio");
    double ratioProduct = 1;
    for (String q : QUERIES) {
      String path = "/api/v1/query_range?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
          + "&start=" + (start / 1000) + "&end=" + (end / 1000) + "&step=15";
      double ours = medianMillis(http, pipescopeApi + path);
      double theirs = medianMillis(http, prometheusApi + path);
      ratioProduct *= ours / theirs;
      System.out.printf("%-100s %12.1f %12.1f %7.2f%n", q.length() > 100 ? q.substring(0, 97) + "..." : q, ours,
          theirs, ours / theirs);
    }
    System.out.printf("geometric mean of the ratios (pipescope / prometheus): %.2f%n",
        Math.pow(ratioProduct, 1.0 / QUERIES.size()));
  }

  private static void load(HttpClient http, String url, int series, long start, long end) throws Exception {
    SnappyCompressor snappy = new SnappyCompressor();
    Random random = new Random(42);
    double[] counters = new double[series];
    for (long t = start; t <= end; t += 15_000) {
      WriteRequest.Builder request = WriteRequest.newBuilder();
      for (int s = 0; s < series; s++) {
        counters[s] += random.nextInt(3);
        request.addTimeseries(series("checker_runs_total", s, null, counters[s], t));
        if (s % 20 == 0) {
          for (String le : new String[] {"1", "5", "30", "+Inf"}) {
            request.addTimeseries(series("checker_duration_seconds_bucket", s, le, counters[s] * (le.equals("1") ? 0.2
                : le.equals("5") ? 0.6 : le.equals("30") ? 0.9 : 1), t));
          }
        }
      }
      byte[] body = request.build().toByteArray();
      byte[] compressed = new byte[snappy.maxCompressedLength(body.length)];
      int size = snappy.compress(body, 0, body.length, compressed, 0, compressed.length);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
          .header("X-Prometheus-Remote-Write-Version", "0.1.0")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(compressed, size))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
      }
    }
  }

  private static TimeSeries series(String name, int s, String le, double value, long t) {
    TimeSeries.Builder ts = TimeSeries.newBuilder()
        .addLabels(Label.newBuilder().setName("__name__").setValue(name))
        .addLabels(Label.newBuilder().setName("checker_name").setValue("checker_" + (s % 20)))
        .addLabels(Label.newBuilder().setName("instance").setValue("i" + s));
    if (le != null) {
      ts.addLabels(Label.newBuilder().setName("le").setValue(le));
    }
    ts.addLabels(Label.newBuilder().setName("status").setValue(s % 5 == 0 ? "failure" : "success"));
    return ts.addSamples(Sample.newBuilder().setTimestamp(t).setValue(value)).build();
  }

  private static double medianMillis(HttpClient http, String url) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < ROUNDS + 1; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
      }
      if (i > 0) {
        times.add((System.nanoTime() - t0) / 1e6);
      }
    }
    times.sort(null);
    return times.get(times.size() / 2);
  }
}
