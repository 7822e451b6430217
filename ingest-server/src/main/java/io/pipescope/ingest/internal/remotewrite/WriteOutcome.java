package io.pipescope.ingest.internal.remotewrite;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tally of one request's batch: what was stored, what was rejected and why, and the first few
 * problems in words for the sender's log. Built by one thread.
 */
final class WriteOutcome {
  /** A bounded message: a batch of thousands of bad samples must not become a megabyte of text. */
  static final int MAX_LISTED_PROBLEMS = 5;

  private long received;
  private long appended;
  private long exemplarsDropped;
  private final EnumMap<SampleRejection, Long> rejected = new EnumMap<>(SampleRejection.class);
  private final EnumMap<SeriesProblem, Long> invalidSeries = new EnumMap<>(SeriesProblem.class);
  private final List<String> problems = new ArrayList<>();
  private long unlistedProblems;

  void received(long samples) {
    received += samples;
  }

  void sampleAppended() {
    appended++;
  }

  void rejected(SampleRejection why, long samples, String problem) {
    rejected.merge(why, samples, Long::sum);
    list(why.label() + ": " + problem);
  }

  void invalidSeries(InvalidSeries series, long samples) {
    invalidSeries.merge(series.problem(), 1L, Long::sum);
    if (samples > 0) {
      rejected.merge(SampleRejection.INVALID_SERIES, samples, Long::sum);
    }
    list(SampleRejection.INVALID_SERIES.label() + ": " + series.detail());
  }

  void exemplarsDropped(long n) {
    exemplarsDropped += n;
  }

  long received() {
    return received;
  }

  /** Samples the store took; stored once the batch is committed. */
  long appended() {
    return appended;
  }

  long exemplarsDropped() {
    return exemplarsDropped;
  }

  Map<SampleRejection, Long> rejected() {
    return rejected;
  }

  Map<SeriesProblem, Long> invalidSeries() {
    return invalidSeries;
  }

  long rejectedSamples() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * 204 when everything was stored; otherwise 400, as spec 1.0 requires for a request holding any
   * invalid sample, with the valid rest stored (which the spec allows) so a retry cannot help.
   */
  RemoteWriteReply reply() {
    if (rejected.isEmpty() && invalidSeries.isEmpty()) {
      return RemoteWriteReply.stored();
    }
    StringBuilder sb = new StringBuilder()
        .append("stored ").append(appended).append(" of ").append(received).append(" samples; rejected ")
        .append(rejectedSamples());
    String separator = " (";
    for (Map.Entry<SampleRejection, Long> e : rejected.entrySet()) {
      sb.append(separator).append(e.getKey().label()).append(": ").append(e.getValue());
      separator = ", ";
    }
    sb.append(rejected.isEmpty() ? "" : ")");
    long series = invalidSeries.values().stream().mapToLong(Long::longValue).sum();
    if (series > 0) {
      sb.append("; ").append(series).append(" invalid series");
    }
    sb.append("; the rejected samples will not be accepted on retry");
    for (String problem : problems) {
      sb.append('\n').append(problem);
    }
    if (unlistedProblems > 0) {
      sb.append("\n… and ").append(unlistedProblems).append(" more");
    }
    return RemoteWriteReply.partlyRejected(sb.toString());
  }

  private void list(String problem) {
    if (problems.size() < MAX_LISTED_PROBLEMS) {
      problems.add(problem);
    } else {
      unlistedProblems++;
    }
  }
}
