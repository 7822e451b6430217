package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.Counter;
import io.pipescope.aggregator.metrics.CounterFamily;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * pipescope's own remote write metrics ({@code pipescope_remote_write_}). Requests by response code
 * and their duration are counted by the server that answers them ({@code pipescope_ingest_requests}
 * with {@code signal="remote_write"} on the OTLP/HTTP port).
 */
public final class RemoteWriteMetrics implements MetricSource {
  /** Every label value comes from a fixed enum; the cap only guards against a bug. */
  private static final int SERIES_CAP = 100;

  private final CounterFamily samplesReceived = counter("pipescope_remote_write_samples_received",
      "Samples (float and native histogram) in decoded remote write requests.");
  private final CounterFamily samplesAccepted = counter("pipescope_remote_write_samples_accepted",
      "Samples stored (committed) from remote write requests.");
  private final CounterFamily samplesRejected = counter("pipescope_remote_write_samples_rejected",
      "Samples of committed remote write requests that were not stored, by reason.", "reason");
  private final CounterFamily seriesInvalid = counter("pipescope_remote_write_series_invalid",
      "Series skipped for breaking the remote write 1.0 label rules, by problem.", "reason");
  private final CounterFamily exemplarsDropped = counter("pipescope_remote_write_exemplars_dropped",
      "Exemplars received and dropped: the store does not keep exemplars.");
  private final List<MetricSource> all =
      List.of(samplesReceived, samplesAccepted, samplesRejected, seriesInvalid, exemplarsDropped);
  /** Handles looked up once, so every reason is exposed (at zero) and counting allocates nothing. */
  private final Counter received = samplesReceived.labels();
  private final Counter accepted = samplesAccepted.labels();
  private final Counter exemplars = exemplarsDropped.labels();
  private final EnumMap<SampleRejection, Counter> rejectedBy = new EnumMap<>(SampleRejection.class);
  private final EnumMap<SeriesProblem, Counter> invalidBy = new EnumMap<>(SeriesProblem.class);

  public RemoteWriteMetrics() {
    for (SampleRejection r : SampleRejection.values()) {
      rejectedBy.put(r, samplesRejected.labels(r.label()));
    }
    for (SeriesProblem p : SeriesProblem.values()) {
      invalidBy.put(p, seriesInvalid.labels(p.label()));
    }
  }

  private static CounterFamily counter(String name, String help, String... labels) {
    return new CounterFamily(name, help, new CardinalityLimit(SERIES_CAP), labels);
  }

  /** Counts a decoded request's samples, whether or not its batch is then committed. */
  void received(WriteOutcome outcome) {
    received.add(outcome.received());
  }

  /** Counts what a committed batch stored and refused; a failed commit counts neither (it is retried). */
  void committed(WriteOutcome outcome) {
    accepted.add(outcome.appended());
    exemplars.add(outcome.exemplarsDropped());
    for (Map.Entry<SampleRejection, Long> e : outcome.rejected().entrySet()) {
      rejectedBy.get(e.getKey()).add(e.getValue());
    }
    for (Map.Entry<SeriesProblem, Long> e : outcome.invalidSeries().entrySet()) {
      invalidBy.get(e.getKey()).add(e.getValue());
    }
  }

  @Override
  public void collect(MetricCollector collector) {
    for (MetricSource source : all) {
      source.collect(collector);
    }
  }
}
