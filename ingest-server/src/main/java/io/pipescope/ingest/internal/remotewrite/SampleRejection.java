package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.aggregator.storage.SampleRejectedException;

/**
 * Why a received sample was not stored; the label of {@code pipescope_remote_write_samples_rejected}.
 * The first four are the store's refusals, the last two the receiver's own.
 */
enum SampleRejection {
  OUT_OF_ORDER("out_of_order"),
  TOO_OLD("too_old"),
  DUPLICATE_TIMESTAMP("duplicate_timestamp"),
  INVALID_LABELS("invalid_labels"),
  /** The sample's series broke the label rules ({@link SeriesLabels}). */
  INVALID_SERIES("invalid_series"),
  /** A native histogram sample: the store holds float samples only. */
  NATIVE_HISTOGRAM("native_histogram");

  private final String label;

  SampleRejection(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static SampleRejection of(SampleRejectedException.Reason reason) {
    // No default: a new store reason fails compilation here until it is given a label.
    return switch (reason) {
      case OUT_OF_ORDER -> OUT_OF_ORDER;
      case TOO_OLD -> TOO_OLD;
      case DUPLICATE_TIMESTAMP -> DUPLICATE_TIMESTAMP;
      case INVALID_LABELS -> INVALID_LABELS;
    };
  }
}
