package io.pipescope.aggregator.internal.otlpmetrics;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Appends one request's samples: keeps the reference of each series for its later samples, and
 * counts the samples the store refuses by reason instead of failing the request (as Prometheus's
 * OTLP receiver logs them and goes on).
 */
final class SampleSink {
  /** Prometheus's StaleNaN (model/value): marks a series ended; OTLP's "no recorded value" flag. */
  static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private final Appender appender;
  private final Map<Labels, Long> refs = new HashMap<>();
  private final EnumMap<SampleRejectedException.Reason, Long> rejected =
      new EnumMap<>(SampleRejectedException.Reason.class);
  private long appended;

  SampleSink(Appender appender) {
    this.appender = appender;
  }

  void append(Labels series, long timestampMillis, double value) {
    Long ref = refs.get(series);
    try {
      refs.put(series, appender.append(ref == null ? 0 : ref, series, timestampMillis, value));
      appended++;
    } catch (SampleRejectedException e) {
      rejected.merge(e.reason(), 1L, Long::sum);
    }
  }

  long appended() {
    return appended;
  }

  /** Series that took at least one sample. */
  int series() {
    return refs.size();
  }

  Map<SampleRejectedException.Reason, Long> rejected() {
    return rejected;
  }
}
