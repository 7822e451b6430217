package io.pipescope.aggregator.internal.otlpmetrics;

import io.pipescope.aggregator.OtlpMetricsTranslator.DropReason;
import io.pipescope.aggregator.OtlpMetricsTranslator.Result;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What happened to one request's points; used by the one thread translating it. */
final class RequestCounts {
  private long pointsTranslated;
  private final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
  private final TreeMap<String, Long> unsupported = new TreeMap<>();

  void translated() {
    pointsTranslated++;
  }

  void dropped(DropReason reason, long points) {
    dropped.merge(reason, points, Long::sum);
  }

  void unsupported(String type, long points) {
    unsupported.merge(type, points, Long::sum);
  }

  Result result(long samplesAppended, int series, Map<SampleRejectedException.Reason, Long> rejected) {
    return new Result(pointsTranslated, samplesAppended, series, rejected, dropped, unsupported);
  }
}
