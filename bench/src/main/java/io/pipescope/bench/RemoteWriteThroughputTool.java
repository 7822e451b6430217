package io.pipescope.bench;

import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import io.pipescope.remotewrite.QueueConfig;
import io.pipescope.remotewrite.RemoteWriteTarget;
import io.pipescope.remotewrite.RemoteWriter;
import io.pipescope.store.FsyncPolicy;
import io.pipescope.store.StoreOptions;
import io.pipescope.store.TimeSeriesStore;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How fast remote write drains a backlog: samples are stored while the receiver is down, then it
 * comes up and the time until it has every sample is measured. The receiver (in this process,
 * sharing its CPUs) decodes each request fully (snappy, protobuf), so it also checks the count.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.pipescope.bench.RemoteWriteThroughputTool [series] [rounds] [shards] [maxSamplesPerSend]
 * </pre>
 */
public final class RemoteWriteThroughputTool {
  private RemoteWriteThroughputTool() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int shards = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int perSend = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
    Path dir = Files.createTempDirectory("pipescope-remote-write-bench");
    try {
      run(dir, series, rounds, shards, perSend);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path dir, int series, int rounds, int shards, int perSend) throws Exception {
    AtomicLong received = new AtomicLong();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    QueueConfig queue = new QueueConfig(shards, Math.max(10_000, 5 * perSend), perSend, Duration.ofMillis(100),
        Duration.ofMillis(30), Duration.ofMillis(200), true);
    RemoteWriteTarget target = RemoteWriteTarget.of(URI.create("http://127.0.0.1:" + port + "/api/v1/write"))
        .withName("bench").withQueue(queue);
    long total = (long) series * rounds;
    try (TimeSeriesStore store = TimeSeriesStore.open(new StoreOptions(dir.resolve("data"), FsyncPolicy.INTERVAL,
        Duration.ofSeconds(1)))) {
      RemoteWriter writer = RemoteWriter.start(store, List.of(target), Map.of("pipescope_instance", "bench"),
          dir.resolve("rw"));
      Labels[] labels = new Labels[series];
      for (int i = 0; i < series; i++) {
        labels[i] = Labels.of("__name__", "factory_metric_" + (i % 50), "checker_name", "checker_" + (i % 20),
            "series", Integer.toString(i));
      }
      long[] refs = new long[series];
      long appendStart = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        Appender app = store.appender();
        for (int i = 0; i < series; i++) {
          refs[i] = app.append(refs[i], labels[i], r * 15_000L, r + i);
        }
        app.commit();
      }
      double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
      ExecutorService handlers = Executors.newFixedThreadPool(shards);
      server.setExecutor(handlers);
      server.createContext("/api/v1/write", exchange -> {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        byte[] raw = new byte[uncompressedLength(body)];
        new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
        long n = 0;
        for (TimeSeries ts : WriteRequest.parseFrom(raw).getTimeseriesList()) {
          n += ts.getSamplesCount();
        }
        received.addAndGet(n);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      long sendStart = System.nanoTime();
      server.start();
      while (received.get() < total) {
        Thread.sleep(5);
      }
      double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
      long closeStart = System.nanoTime();
      writer.close(Duration.ofSeconds(5));
      server.stop(0);
      handlers.shutdownNow();
      System.out.printf("closing took %.2f s%n", (System.nanoTime() - closeStart) / 1e9);
      System.out.printf("%d series x %d rounds = %d samples, %d shards, max_samples_per_send %d%n", series, rounds,
          total, shards, perSend);
      System.out.printf("stored (receiver down): %.2f s; backlog sent and decoded: %.2f s = %.0f samples/s%n",
          appendSeconds, sendSeconds, total / sendSeconds);
    }
  }

  private static int uncompressedLength(byte[] block) {
    int value = 0;
    for (int i = 0; i < 5; i++) {
      value |= (block[i] & 0x7f) << (7 * i);
      if ((block[i] & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("not snappy");
  }
}
