package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory store for tests: keeps committed samples (value as raw bits, so NaN payloads can be
 * compared), refuses samples at chosen timestamps, and can fail or hold its commits.
 */
final class RecordingAppendable implements Appendable {
  record Stored(Labels labels, long timestampMillis, long valueBits) {
    static Stored of(Labels labels, long timestampMillis, double value) {
      return new Stored(labels, timestampMillis, Double.doubleToRawLongBits(value));
    }
  }

  private final List<Stored> committed = new CopyOnWriteArrayList<>();
  private final Map<Long, SampleRejectedException.Reason> rejectAt = new ConcurrentHashMap<>();
  private volatile IOException commitFailure;
  private volatile CountDownLatch commitGate;
  private final CountDownLatch commitEntered = new CountDownLatch(1);
  private volatile int commits;
  private volatile int rollbacks;

  /** Every sample at this timestamp is refused with this reason. */
  RecordingAppendable rejectAt(long timestampMillis, SampleRejectedException.Reason reason) {
    rejectAt.put(timestampMillis, reason);
    return this;
  }

  RecordingAppendable failCommitsWith(IOException failure) {
    this.commitFailure = failure;
    return this;
  }

  /** Commits wait for {@code gate}: a request is then held in flight until the test opens it. */
  RecordingAppendable holdCommitsUntil(CountDownLatch gate) {
    this.commitGate = gate;
    return this;
  }

  boolean awaitCommitEntered() throws InterruptedException {
    return commitEntered.await(10, TimeUnit.SECONDS);
  }

  List<Stored> committed() {
    return List.copyOf(committed);
  }

  int commits() {
    return commits;
  }

  int rollbacks() {
    return rollbacks;
  }

  @Override
  public Appender appender() {
    return new Appender() {
      private final List<Stored> pending = new ArrayList<>();

      @Override
      public long append(long ref, Labels labels, long timestampMillis, double value)
          throws SampleRejectedException {
        SampleRejectedException.Reason reason = rejectAt.get(timestampMillis);
        if (reason != null) {
          throw new SampleRejectedException(reason, "refused by the test at " + timestampMillis);
        }
        pending.add(Stored.of(labels, timestampMillis, value));
        return labels.hashCode() | 1L;
      }

      @Override
      public void commit() throws IOException {
        commitEntered.countDown();
        CountDownLatch gate = commitGate;
        if (gate != null) {
          try {
            gate.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        commits++;
        if (commitFailure != null) {
          pending.clear();
          throw commitFailure;
        }
        committed.addAll(pending);
        pending.clear();
      }

      @Override
      public void rollback() {
        rollbacks++;
        pending.clear();
      }
    };
  }
}
