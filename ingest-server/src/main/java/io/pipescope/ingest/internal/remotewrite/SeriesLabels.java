package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.proto.prometheus.Label;
import java.util.List;
import java.util.Optional;

/**
 * The label rules of remote write 1.0 ("Labels" section): a {@code __name__}, names sorted and
 * unique, metric names matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*} and label names matching
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 *
 * <p>The 1.0 character sets are kept rather than Prometheus 3's UTF-8 names: they are what this
 * spec version asks of senders, and pipescope's exposition and queries assume them. A label with an
 * empty value is dropped, as Prometheus's data model treats it as absent.
 */
final class SeriesLabels {
  static final String METRIC_NAME = "__name__";
  /** Long label sets are cut in messages: the sender needs to find the series, not read it whole. */
  private static final int MAX_DESCRIBED_CHARS = 200;

  private SeriesLabels() {}

  /** What is wrong with a series' labels, or empty when they follow the rules. */
  static Optional<InvalidSeries> check(List<Label> labels) {
    boolean named = false;
    String previous = null;
    for (Label label : labels) {
      String name = label.getName();
      if (name.equals(METRIC_NAME)) {
        if (!label.getValue().isEmpty()) {
          if (!isMetricName(label.getValue())) {
            return invalid(SeriesProblem.INVALID_METRIC_NAME, "metric name \"" + label.getValue()
                + "\" does not match [a-zA-Z_:][a-zA-Z0-9_:]*", labels);
          }
          named = true;
        }
      } else if (!isLabelName(name)) {
        return invalid(SeriesProblem.INVALID_LABEL_NAME, "label name \"" + name
            + "\" does not match [a-zA-Z_][a-zA-Z0-9_]*", labels);
      }
      // Names are ASCII once they pass the checks above, so String order is the spec's byte order.
      if (previous != null) {
        int order = previous.compareTo(name);
        if (order == 0) {
          return invalid(SeriesProblem.DUPLICATE_LABEL_NAME, "label name \"" + name + "\" is repeated", labels);
        }
        if (order > 0) {
          return invalid(SeriesProblem.UNSORTED_LABELS, "label \"" + name + "\" comes after \"" + previous
              + "\"; label names must be sorted", labels);
        }
      }
      previous = name;
    }
    if (!named) {
      return invalid(SeriesProblem.MISSING_METRIC_NAME, "no " + METRIC_NAME + " label", labels);
    }
    return Optional.empty();
  }

  /** The label set of a series that passed {@link #check}, without its empty-valued labels. */
  static Labels toLabels(List<Label> labels) {
    int kept = 0;
    for (Label label : labels) {
      if (!label.getValue().isEmpty()) {
        kept++;
      }
    }
    String[] names = new String[kept];
    String[] values = new String[kept];
    int i = 0;
    for (Label label : labels) {
      if (!label.getValue().isEmpty()) {
        names[i] = label.getName();
        values[i] = label.getValue();
        i++;
      }
    }
    return Labels.of(names, values);
  }

  /** The labels as sent, in Prometheus's notation, cut to a readable length. */
  static String describe(List<Label> labels) {
    StringBuilder sb = new StringBuilder("{");
    for (Label label : labels) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(label.getName()).append("=\"").append(label.getValue()).append('"');
      if (sb.length() > MAX_DESCRIBED_CHARS) {
        return sb.substring(0, MAX_DESCRIBED_CHARS) + "…}";
      }
    }
    return sb.append('}').toString();
  }

  static boolean isMetricName(String s) {
    return matches(s, true);
  }

  static boolean isLabelName(String s) {
    return matches(s, false);
  }

  private static boolean matches(String s, boolean colonAllowed) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
          || (colonAllowed && c == ':') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Optional<InvalidSeries> invalid(SeriesProblem problem, String why, List<Label> labels) {
    return Optional.of(new InvalidSeries(problem, describe(labels) + ": " + why));
  }
}
