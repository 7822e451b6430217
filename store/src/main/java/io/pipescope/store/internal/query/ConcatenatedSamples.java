package io.pipescope.store.internal.query;

import io.pipescope.store.SampleIterator;
import java.util.List;

/** The samples of one series from parts over consecutive time ranges, in order. */
final class ConcatenatedSamples implements SampleIterator {
  private final List<SampleIterator> parts;
  private int index;

  ConcatenatedSamples(List<SampleIterator> partsInTimeOrder) {
    this.parts = partsInTimeOrder;
  }

  @Override
  public boolean next() {
    while (index < parts.size()) {
      if (parts.get(index).next()) {
        return true;
      }
      index++;
    }
    return false;
  }

  @Override
  public boolean seek(long timestampMillis) {
    while (index < parts.size()) {
      if (parts.get(index).seek(timestampMillis)) {
        return true;
      }
      index++;
    }
    return false;
  }

  @Override
  public long timestamp() {
    return parts.get(index).timestamp();
  }

  @Override
  public double value() {
    return parts.get(index).value();
  }
}
