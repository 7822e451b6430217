package io.pipescope.remotewrite.internal;

import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.Counter;
import io.pipescope.aggregator.metrics.CounterFamily;
import io.pipescope.aggregator.metrics.GaugeFamily;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Remote write's own metrics, named as Prometheus's {@code prometheus_remote_storage_*} with
 * pipescope's prefix, labelled {@code remote_name} and {@code url} per receiver.
 */
public final class RemoteStorageMetrics implements MetricSource {
  private static final String[] LABELS = {"remote_name", "url"};
  /** Receivers are configured, so a few; the cap only guards against a bug. */
  private static final int SERIES_CAP = 1000;

  private final CounterFamily samples = counter("pipescope_remote_storage_samples",
      "Samples sent and acknowledged (2xx) by the receiver.");
  private final CounterFamily failed = counter("pipescope_remote_storage_samples_failed",
      "Samples the receiver refused with a status that is not retried (4xx other than a retried 429): dropped.");
  private final CounterFamily retried = counter("pipescope_remote_storage_samples_retried",
      "Samples in requests that failed for a reason worth retrying (no connection, timeout, 5xx, 429) and were sent"
          + " again.");
  private final CounterFamily dropped = counter("pipescope_remote_storage_samples_dropped",
      "Samples read from the WAL and not sent because no series record named their series.");
  private final CounterFamily bytes = counter("pipescope_remote_storage_bytes",
      "Bytes of requests (compressed) the receiver acknowledged.");
  private final CounterFamily segmentsSkipped = counter("pipescope_remote_storage_wal_segments_skipped",
      "WAL segments checkpointed before they were sent, because the segments held for receivers exceeded"
          + " storage.remote_write_wal_limit: their samples never reach this receiver.");
  private final GaugeFamily pending = new GaugeFamily("pipescope_remote_storage_samples_pending",
      "Samples read from the WAL and not yet acknowledged (queued or in flight).", LABELS);
  private final GaugeFamily highestSent = new GaugeFamily("pipescope_remote_storage_queue_highest_sent_timestamp_seconds",
      "The newest sample time the receiver acknowledged, in seconds since the epoch.", LABELS);
  private final GaugeFamily lag = new GaugeFamily("pipescope_remote_storage_lag_seconds",
      "How far the receiver is behind the store: the newest sample time stored minus the oldest sample time not yet"
          + " acknowledged; 0 when everything read is acknowledged and the WAL is read to its end.", LABELS);
  private final GaugeFamily shards = new GaugeFamily("pipescope_remote_storage_shards",
      "Shards sending to the receiver in parallel.", LABELS);
  private final GaugeFamily segment = new GaugeFamily("pipescope_remote_storage_wal_watcher_current_segment",
      "The WAL segment the receiver's reader is in (compare with the newest segment in <storage.path>/wal).",
      LABELS);
  private final GaugeFamily highestIn = new GaugeFamily("pipescope_remote_storage_highest_timestamp_in_seconds",
      "The newest sample time the store took in, in seconds since the epoch.");
  private final List<MetricSource> all = List.of(samples, failed, retried, dropped, bytes, segmentsSkipped, pending,
      highestSent, lag, shards, segment, highestIn);

  public RemoteStorageMetrics(DoubleSupplier newestSampleSeconds) {
    highestIn.bind(newestSampleSeconds);
  }

  /** One receiver's counters, and its gauges read from {@code gauges}. */
  QueueMetrics queue(String name, String url, QueueGauges gauges) {
    pending.bind(gauges::pendingSamples, name, url);
    highestSent.bind(gauges::highestSentSeconds, name, url);
    lag.bind(gauges::lagSeconds, name, url);
    shards.bind(gauges::shards, name, url);
    segment.bind(gauges::currentSegment, name, url);
    return new QueueMetrics(samples.labels(name, url), failed.labels(name, url), retried.labels(name, url),
        dropped.labels(name, url), bytes.labels(name, url), segmentsSkipped.labels(name, url));
  }

  /** What a queue reports when collected. */
  interface QueueGauges {
    double pendingSamples();

    double highestSentSeconds();

    double lagSeconds();

    double shards();

    double currentSegment();
  }

  record QueueMetrics(Counter samples, Counter failed, Counter retried, Counter dropped, Counter bytes,
      Counter segmentsSkipped) {}

  private static CounterFamily counter(String name, String help) {
    return new CounterFamily(name, help, new CardinalityLimit(SERIES_CAP), LABELS);
  }

  @Override
  public void collect(MetricCollector collector) {
    for (MetricSource source : all) {
      source.collect(collector);
    }
  }
}
