package io.pipescope.store;

import io.pipescope.aggregator.metrics.Labels;
import java.util.Comparator;

/** The order Prometheus sorts series in (labels.Compare): name by name, then value, shorter first. */
public final class LabelsOrder implements Comparator<Labels> {
  public static final LabelsOrder INSTANCE = new LabelsOrder();

  private LabelsOrder() {}

  @Override
  public int compare(Labels a, Labels b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int byName = a.name(i).compareTo(b.name(i));
      if (byName != 0) {
        return byName;
      }
      int byValue = a.value(i).compareTo(b.value(i));
      if (byValue != 0) {
        return byValue;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
