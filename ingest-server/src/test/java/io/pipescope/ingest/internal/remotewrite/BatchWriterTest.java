package io.pipescope.ingest.internal.remotewrite;

import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.T0;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.labels;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.request;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.series;
import static io.pipescope.ingest.internal.remotewrite.RemoteWriteFixtures.seriesOfBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException.Reason;
import io.pipescope.ingest.internal.remotewrite.RecordingAppendable.Stored;
import io.pipescope.proto.prometheus.Exemplar;
import io.pipescope.proto.prometheus.Histogram;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchWriterTest {
  private final RecordingAppendable store = new RecordingAppendable();

  @Test
  void aSeriesReusesTheReferenceItsFirstAppendReturned() throws Exception {
    List<Long> refs = new ArrayList<>();
    Appendable refTracking = () -> new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        refs.add(ref);
        return 42;
      }

      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };
    write(refTracking, request(seriesOfBits(labels("__name__", "up"), T0, Double.doubleToRawLongBits(1), T0 + 1,
        Double.doubleToRawLongBits(2))));
    assertEquals(List.of(0L, 42L), refs);
  }

  @Test
  void nativeHistogramSamplesAreRejectedAndTheSeriesFloatSamplesKept() throws Exception {
    TimeSeries mixed = series(labels("__name__", "latency"), T0, 1.0).toBuilder()
        .addHistograms(Histogram.newBuilder().setTimestamp(T0).setCountInt(3))
        .addHistograms(Histogram.newBuilder().setTimestamp(T0 + 1).setCountInt(4))
        .build();
    WriteOutcome outcome = write(store, request(mixed));

    assertEquals(List.of(Stored.of(Labels.of("__name__", "latency"), T0, 1.0)), store.committed());
    assertEquals(Map.of(SampleRejection.NATIVE_HISTOGRAM, 2L), outcome.rejected());
    assertEquals(3, outcome.received());
    RemoteWriteReply reply = outcome.reply();
    assertEquals(400, reply.status());
    assertTrue(reply.message().contains("native_histogram: {__name__=\"latency\"}: 2 native histogram samples"),
        reply.message());
  }

  @Test
  void exemplarsAreDroppedWithoutFailingTheRequest() throws Exception {
    TimeSeries withExemplar = series(labels("__name__", "up"), T0, 1.0).toBuilder()
        .addExemplars(Exemplar.newBuilder().setTimestamp(T0).setValue(1.0))
        .build();
    WriteOutcome outcome = write(store, request(withExemplar));

    assertEquals(1, store.committed().size());
    assertEquals(1, outcome.exemplarsDropped());
    assertEquals(RemoteWriteReply.stored(), outcome.reply());
  }

  @Test
  void anInvalidSeriesWithoutSamplesIsStillReported() throws Exception {
    WriteOutcome outcome = write(store, request(TimeSeries.newBuilder().addAllLabels(labels("job", "a")).build()));

    assertEquals(Map.of(SeriesProblem.MISSING_METRIC_NAME, 1L), outcome.invalidSeries());
    assertEquals(0, outcome.rejectedSamples());
    assertEquals(400, outcome.reply().status());
  }

  @Test
  void theReplyListsTheFirstProblemsAndCountsTheRest() throws Exception {
    store.rejectAt(T0, Reason.OUT_OF_ORDER);
    WriteRequest.Builder request = WriteRequest.newBuilder();
    for (int i = 0; i < 8; i++) {
      request.addTimeseries(series(labels("__name__", "m" + i), T0, i));
    }
    request.addTimeseries(series(labels("__name__", "kept"), T0 + 1, 1.0));
    RemoteWriteReply reply = write(store, request.build()).reply();

    assertEquals(400, reply.status());
    String[] lines = reply.message().split("\n");
    assertEquals("stored 1 of 9 samples; rejected 8 (out_of_order: 8); the rejected samples will not be"
        + " accepted on retry", lines[0]);
    assertEquals("out_of_order: {__name__=\"m0\"} at " + T0 + ": refused by the test at " + T0, lines[1]);
    assertEquals(1 + WriteOutcome.MAX_LISTED_PROBLEMS + 1, lines.length, reply.message());
    assertEquals("… and 3 more", lines[lines.length - 1]);
  }

  @Test
  void anAppenderFailureRollsTheBatchBackAndPropagates() {
    int[] rollbacks = {0};
    Appendable broken = () -> new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        throw new IllegalStateException("head is closed");
      }

      @Override
      public void commit() {
        throw new AssertionError("a failed batch must not be committed");
      }

      @Override
      public void rollback() {
        rollbacks[0]++;
      }
    };
    assertThrows(IllegalStateException.class,
        () -> write(broken, request(series(labels("__name__", "up"), T0, 1.0))));
    assertEquals(1, rollbacks[0]);
  }

  @Test
  void aFailedCommitPropagatesAndStoresNothing() {
    store.failCommitsWith(new IOException("disk full"));
    assertThrows(IOException.class, () -> write(store, request(series(labels("__name__", "up"), T0, 1.0))));
    assertEquals(List.of(), store.committed());
  }

  private static WriteOutcome write(Appendable appendable, WriteRequest request) throws IOException {
    WriteOutcome outcome = new WriteOutcome();
    new BatchWriter(appendable).write(request, outcome);
    return outcome;
  }
}
