package io.pipescope.aggregator.internal.otlpmetrics;

import io.pipescope.aggregator.metrics.FloatFormat;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A store in memory for tests: keeps committed samples in append order, refuses what {@link
 * #refuse} says, and reads its samples back as exposition-like lines
 * ({@code name{a="b"} 5 1000}).
 */
public final class InMemoryAppendable implements Appendable {
  public record Sample(Labels labels, long timestampMillis, double value) {
    /** {@code name{label="value",...} value timestamp}; staleness markers read {@code StaleNaN}. */
    public String line() {
      StringBuilder sb = new StringBuilder(labels.get("__name__")).append('{');
      boolean first = true;
      for (int i = 0; i < labels.size(); i++) {
        if (labels.name(i).equals("__name__")) {
          continue;
        }
        sb.append(first ? "" : ",").append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
        first = false;
      }
      String v = Double.doubleToRawLongBits(value) == 0x7ff0000000000002L ? "StaleNaN" : FloatFormat.format(value);
      return sb.append("} ").append(v).append(' ').append(timestampMillis).toString();
    }
  }

  private final List<Sample> committed = new ArrayList<>();
  private final Map<Labels, Long> refs = new HashMap<>();
  private Function<Sample, SampleRejectedException.Reason> refuse = sample -> null;
  private int commits;
  private int rollbacks;

  /** From now on, refuse the samples for which {@code rule} gives a reason. */
  public InMemoryAppendable refusing(Function<Sample, SampleRejectedException.Reason> rule) {
    this.refuse = rule;
    return this;
  }

  @Override
  public synchronized Appender appender() {
    List<Sample> pending = new ArrayList<>();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long timestampMillis, double value) throws SampleRejectedException {
        Sample sample = new Sample(labels, timestampMillis, value);
        synchronized (InMemoryAppendable.this) {
          SampleRejectedException.Reason reason = refuse.apply(sample);
          if (reason != null) {
            throw new SampleRejectedException(reason, "refused by test: " + sample.line());
          }
          Long known = refs.get(labels);
          if (ref != 0 && (known == null || known != ref)) {
            throw new AssertionError("ref " + ref + " is not the ref of " + labels);
          }
          pending.add(sample);
          return refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
        }
      }

      @Override
      public void commit() {
        synchronized (InMemoryAppendable.this) {
          committed.addAll(pending);
          commits++;
        }
        pending.clear();
      }

      @Override
      public void rollback() {
        pending.clear();
        synchronized (InMemoryAppendable.this) {
          rollbacks++;
        }
      }
    };
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(committed);
  }

  /** Committed samples as lines, in append order. */
  public synchronized List<String> lines() {
    return committed.stream().map(Sample::line).toList();
  }

  public synchronized int commits() {
    return commits;
  }

  public synchronized int rollbacks() {
    return rollbacks;
  }
}
