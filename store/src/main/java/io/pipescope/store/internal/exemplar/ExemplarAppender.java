package io.pipescope.store.internal.exemplar;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An appender whose exemplars are kept once its samples commit, and dropped with a rollback. */
public final class ExemplarAppender implements Appender {
  private record Pending(Labels series, Labels labels, long timestampMillis, double value) {}

  private final Appender samples;
  private final CircularExemplarStorage storage;
  private final List<Pending> pending = new ArrayList<>();

  public ExemplarAppender(Appender samples, CircularExemplarStorage storage) {
    this.samples = samples;
    this.storage = storage;
  }

  @Override
  public long append(long ref, Labels labels, long timestampMillis, double value) throws SampleRejectedException {
    return samples.append(ref, labels, timestampMillis, value);
  }

  @Override
  public void appendExemplar(Labels seriesLabels, Labels exemplarLabels, long timestampMillis, double value) {
    pending.add(new Pending(seriesLabels, exemplarLabels, timestampMillis, value));
  }

  @Override
  public void commit() throws IOException {
    try {
      samples.commit();
      for (Pending p : pending) {
        storage.add(p.series(), p.labels(), p.value(), p.timestampMillis());
      }
    } finally {
      pending.clear();
    }
  }

  @Override
  public void rollback() {
    pending.clear();
    samples.rollback();
  }
}
