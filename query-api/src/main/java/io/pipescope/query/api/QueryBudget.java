package io.pipescope.query.api;

import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.Queryable;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.Series;
import io.pipescope.store.SeriesSet;
import java.util.List;

/**
 * What one query may spend: a deadline and a number of samples loaded. The engine has no hook for
 * either, so the budget sits at the store seam: {@link #guard} wraps the queryable, and every
 * select and every sample read counts against it, failing the query with Prometheus's error once
 * it is spent. Evaluation that reads no samples is not interrupted.
 */
final class QueryBudget {
  /** The query ran out of its budget; carries the API error to answer with. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ErrorType type;

    Exhausted(ErrorType type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }

  private static final int CLOCK_EVERY = 1024;

  private final long deadlineNanos;
  private final long maxSamples;
  private long samples;

  QueryBudget(long deadlineNanos, long maxSamples) {
    this.deadlineNanos = deadlineNanos;
    this.maxSamples = maxSamples;
  }

  long samplesLoaded() {
    return samples;
  }

  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }

  void checkDeadline(String stage) {
    if (remainingNanos() <= 0) {
      throw new Exhausted(ErrorType.TIMEOUT, "query timed out in " + stage);
    }
  }

  private void countSample() {
    if (++samples > maxSamples) {
      throw new Exhausted(ErrorType.EXECUTION,
          "query processing would load too many samples into memory in query execution");
    }
    if (samples % CLOCK_EVERY == 0) {
      checkDeadline("query execution");
    }
  }

  /** The queryable as seen through this budget; one query, one thread. */
  Queryable guard(Queryable inner) {
    return (mint, maxt) -> new GuardedQuerier(inner.querier(mint, maxt));
  }

  private final class GuardedQuerier implements Querier {
    private final Querier inner;

    GuardedQuerier(Querier inner) {
      this.inner = inner;
    }

    @Override
    public SeriesSet select(boolean sorted, LabelMatcher... matchers) {
      checkDeadline("query execution");
      SeriesSet set = inner.select(sorted, matchers);
      return new SeriesSet() {
        @Override
        public boolean next() {
          return set.next();
        }

        @Override
        public Series at() {
          Series s = set.at();
          return new Series() {
            @Override
            public io.pipescope.aggregator.metrics.Labels labels() {
              return s.labels();
            }

            @Override
            public SampleIterator iterator() {
              return new CountingIterator(s.iterator());
            }
          };
        }

        @Override
        public Exception error() {
          return set.error();
        }
      };
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
      checkDeadline("query execution");
      return inner.labelValues(name, matchers);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
      checkDeadline("query execution");
      return inner.labelNames(matchers);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private final class CountingIterator implements SampleIterator {
    private final SampleIterator inner;

    CountingIterator(SampleIterator inner) {
      this.inner = inner;
    }

    @Override
    public boolean next() {
      if (inner.next()) {
        countSample();
        return true;
      }
      return false;
    }

    @Override
    public boolean seek(long timestampMillis) {
      if (inner.seek(timestampMillis)) {
        countSample();
        return true;
      }
      return false;
    }

    @Override
    public long timestamp() {
      return inner.timestamp();
    }

    @Override
    public double value() {
      return inner.value();
    }
  }
}
