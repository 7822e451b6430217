package io.pipescope.remotewrite;

import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.remotewrite.internal.ReceiverQueue;
import io.pipescope.remotewrite.internal.RemoteStorageMetrics;
import io.pipescope.remotewrite.internal.Sleeper;
import io.pipescope.store.TimeSeriesStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends every sample the store takes in to Prometheus remote write 1.0 receivers, the way
 * Prometheus does: one queue per receiver reads the store's write-ahead log as it is written,
 * shards the series over parallel senders (each series always by the same one, so in order),
 * batches, and retries with backoff until the receiver answers 2xx (or a 4xx other than 429, which
 * drops the batch). Each queue keeps its progress in {@code <stateDirectory>/<name>.progress}, and
 * the store keeps the WAL segments it has not sent, so a restart loses nothing and resends at most
 * the batches in flight. External labels are added to every series (a series' own label of the same
 * name wins).
 */
public final class RemoteWriter implements MetricSource, AutoCloseable {
  private final List<ReceiverQueue> queues;
  private final RemoteStorageMetrics metrics;

  private RemoteWriter(List<ReceiverQueue> queues, RemoteStorageMetrics metrics) {
    this.queues = queues;
    this.metrics = metrics;
  }

  /**
   * Starts a queue per target. Call before anything is written that should be sent, and before the
   * store's maintenance runs, so no segment is checkpointed before the queues hold it.
   *
   * @throws IllegalArgumentException when two targets have the same queue name
   */
  public static RemoteWriter start(TimeSeriesStore store, List<RemoteWriteTarget> targets,
      Map<String, String> externalLabels, Path stateDirectory) throws IOException {
    return start(store, targets, externalLabels, stateDirectory, Sleeper.REAL);
  }

  static RemoteWriter start(TimeSeriesStore store, List<RemoteWriteTarget> targets, Map<String, String> externalLabels,
      Path stateDirectory, Sleeper sleeper) throws IOException {
    Set<String> names = new HashSet<>();
    for (RemoteWriteTarget t : targets) {
      if (!names.add(t.queueName())) {
        throw new IllegalArgumentException("two remote_write receivers are named '" + t.queueName()
            + "'; give each a distinct name");
      }
    }
    Files.createDirectories(stateDirectory);
    RemoteStorageMetrics metrics = new RemoteStorageMetrics(() -> {
      long newest = store.newestSampleMillis();
      return newest == Long.MIN_VALUE ? 0 : newest / 1000.0;
    });
    List<ReceiverQueue> queues = new ArrayList<>();
    RemoteWriter writer = new RemoteWriter(queues, metrics);
    try {
      for (RemoteWriteTarget t : targets) {
        queues.add(new ReceiverQueue(store, t, externalLabels, stateDirectory.resolve(t.queueName() + ".progress"),
            metrics, sleeper));
      }
    } catch (IOException | RuntimeException e) {
      writer.close(Duration.ZERO);
      throw e;
    }
    queues.forEach(ReceiverQueue::start);
    return writer;
  }

  /**
   * Sends what the store holds for at most {@code drain} (Prometheus's flush deadline), then stops
   * every queue and saves its progress; the rest is sent after the next start.
   */
  public void close(Duration drain) {
    // In parallel: each queue gets the whole drain time.
    List<Thread> closing = new ArrayList<>();
    for (ReceiverQueue q : queues) {
      Thread t = new Thread(() -> q.close(drain), "pipescope-remote-write-close " + q.name());
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops at once: nothing more is sent before the next start. */
  @Override
  public void close() {
    close(Duration.ZERO);
  }

  @Override
  public void collect(MetricCollector collector) {
    metrics.collect(collector);
  }
}
