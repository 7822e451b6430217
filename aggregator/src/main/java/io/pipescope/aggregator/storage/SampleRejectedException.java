package io.pipescope.aggregator.storage;

/** A sample the store will not take; the reason says why, for the client's error message and counts. */
public final class SampleRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a sample was refused. */
  public enum Reason {
    /** Older than the series' newest sample, within the head. */
    OUT_OF_ORDER("out_of_order"),
    /** Older than the oldest time the head still accepts. */
    TOO_OLD("too_old"),
    /** Same timestamp as the newest sample, with another value. */
    DUPLICATE_TIMESTAMP("duplicate_timestamp"),
    /** No labels, no {@code __name__}, or labels that break Prometheus's rules. */
    INVALID_LABELS("invalid_labels");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  public SampleRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
