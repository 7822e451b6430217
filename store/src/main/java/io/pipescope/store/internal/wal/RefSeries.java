package io.pipescope.store.internal.wal;

import io.pipescope.aggregator.metrics.Labels;
import java.util.Objects;

/** A series and the reference samples refer to it by (Prometheus's record.RefSeries). */
public record RefSeries(long ref, Labels labels) {
  public RefSeries {
    Objects.requireNonNull(labels, "labels");
  }
}
