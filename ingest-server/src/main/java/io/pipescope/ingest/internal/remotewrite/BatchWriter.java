package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Writes one request through one {@link Appender}: each series is checked, each sample appended
 * (a refused sample is tallied and the rest go on), and the batch is committed once, so the request
 * is answered only when what it stored is durable.
 */
final class BatchWriter {
  private final Appendable store;

  BatchWriter(Appendable store) {
    this.store = store;
  }

  /**
   * Tallies into {@code outcome} as it goes, so what was received is known even when the commit fails.
   *
   * @throws IOException when the commit fails; then nothing of the batch was stored
   */
  void write(WriteRequest request, WriteOutcome outcome) throws IOException {
    Appender appender = store.appender();
    try {
      for (TimeSeries series : request.getTimeseriesList()) {
        append(appender, series, outcome);
      }
    } catch (RuntimeException e) {
      appender.rollback();
      throw e;
    }
    appender.commit();
  }

  private static void append(Appender appender, TimeSeries series, WriteOutcome outcome) {
    int histograms = series.getHistogramsCount();
    outcome.received(series.getSamplesCount() + histograms);
    // Exemplars are outside spec 1.0 and the store has no place for them; like Prometheus's 1.0
    // receiver, a request is not failed over them.
    outcome.exemplarsDropped(series.getExemplarsCount());
    Optional<InvalidSeries> invalid = SeriesLabels.check(series.getLabelsList());
    if (invalid.isPresent()) {
      outcome.invalidSeries(invalid.get(), series.getSamplesCount() + histograms);
      return;
    }
    Labels labels = SeriesLabels.toLabels(series.getLabelsList());
    long ref = 0;
    for (Sample sample : series.getSamplesList()) {
      try {
        ref = appender.append(ref, labels, sample.getTimestamp(), sample.getValue());
        outcome.sampleAppended();
      } catch (SampleRejectedException e) {
        outcome.rejected(SampleRejection.of(e.reason()), 1, SeriesLabels.describe(series.getLabelsList())
            + " at " + sample.getTimestamp() + ": " + e.getMessage());
      }
    }
    if (histograms > 0) {
      outcome.rejected(SampleRejection.NATIVE_HISTOGRAM, histograms, SeriesLabels.describe(series.getLabelsList())
          + ": " + histograms + " native histogram samples; pipescope stores float samples only");
    }
  }
}
