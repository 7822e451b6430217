package io.pipescope.ingest.internal;

/** A request refused as a whole; carries the reason and a message meant for the sender. */
public final class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Refusal refusal;

  public RefusedException(Refusal refusal, String message) {
    super(message, null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
