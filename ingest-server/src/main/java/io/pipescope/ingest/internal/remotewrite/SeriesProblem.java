package io.pipescope.ingest.internal.remotewrite;

/** Why a series' label set is refused; the label of {@code pipescope_remote_write_series_invalid}. */
enum SeriesProblem {
  MISSING_METRIC_NAME("missing_metric_name"),
  INVALID_METRIC_NAME("invalid_metric_name"),
  INVALID_LABEL_NAME("invalid_label_name"),
  UNSORTED_LABELS("unsorted_labels"),
  DUPLICATE_LABEL_NAME("duplicate_label_name");

  private final String label;

  SeriesProblem(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
