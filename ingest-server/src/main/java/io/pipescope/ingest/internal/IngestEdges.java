package io.pipescope.ingest.internal;

import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.ingest.IngestConfig;
import io.pipescope.aggregator.OtlpMetricsConfig;
import io.pipescope.aggregator.metrics.CombinedMetrics;
import io.pipescope.aggregator.OtlpMetricsTranslator;
import io.pipescope.ingest.internal.remotewrite.RemoteWriteHandler;
import io.pipescope.ingest.internal.remotewrite.RemoteWriteMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Both OTLP listeners (OTLP/HTTP also carries remote write when a store is given), the worker pool
 * they share, and their shutdown order.
 */
public final class IngestEdges {
  private final IngestConfig config;
  private final InflightLimiter limiter;
  private final IngestMetrics metrics;
  private final TraceIngestor traces;
  private final MetricsIngestor metricPoints;
  /** Null when no store was given. */
  private final RemoteWriteHandler remoteWrite;
  private final MetricSource allMetrics;
  private final ExecutorService workers;
  private final OtlpGrpcServer grpc = new OtlpGrpcServer();
  private final OtlpHttpServer http = new OtlpHttpServer();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private InetSocketAddress grpcAddress;
  private InetSocketAddress httpAddress;

  /**
   * @param samples where remote write and OTLP metrics store samples, or null: remote write is then
   *     disabled and OTLP metrics are only counted
   */
  public IngestEdges(IngestConfig config, SpanConsumer consumer, Appendable samples, OtlpMetricsConfig otlpMetrics) {
    this.config = config;
    this.limiter = new InflightLimiter(config.limits().maxInflightBytes(), config.limits().maxInflightRequests());
    this.metrics = new IngestMetrics(limiter, config.limits());
    this.traces = new TraceIngestor(consumer, config.limits(), metrics);
    this.metricPoints = samples == null ? new MetricsIngestor(metrics, null, null)
        : new MetricsIngestor(metrics, new OtlpMetricsTranslator(otlpMetrics), samples);
    if (samples == null) {
      this.remoteWrite = null;
      this.allMetrics = metrics;
    } else {
      RemoteWriteMetrics remoteWriteMetrics = new RemoteWriteMetrics();
      this.remoteWrite = new RemoteWriteHandler(samples, config.limits(), remoteWriteMetrics);
      this.allMetrics = CombinedMetrics.of(metrics, remoteWriteMetrics);
    }
    // The in-flight request limit bounds this queue: a request is admitted before it is queued.
    this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), namedThreads("pipescope-ingest-worker"));
  }

  public void start() throws IOException {
    grpcAddress = grpc.start(config.bindHost(), config.grpcPort(), traces, metricPoints, metrics, limiter, config.limits(),
        workers, shuttingDown::get);
    try {
      httpAddress = http.start(config.bindHost(), config.httpPort(), traces, metricPoints, remoteWrite, metrics, limiter,
          config.limits(), workers, shuttingDown::get);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding OTLP/HTTP", e);
    } catch (RuntimeException e) {
      grpc.forceClose();
      throw new IOException("cannot listen for OTLP/HTTP on " + config.bindHost() + ":" + config.httpPort()
          + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress grpcAddress() {
    return grpcAddress;
  }

  public InetSocketAddress httpAddress() {
    return httpAddress;
  }

  public MetricSource metrics() {
    return allMetrics;
  }

  public void shutdown(Duration grace) {
    if (!shuttingDown.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    http.stopAccepting();
    grpc.stopAccepting();
    try {
      while (limiter.requests() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      grpc.awaitTermination(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      workers.shutdown();
      workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      grpc.forceClose();
      workers.shutdownNow();
      http.close();
    }
  }

  static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

}
