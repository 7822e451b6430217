package io.pipescope.ingest.internal.remotewrite;

/**
 * What a remote write request is answered, independent of the HTTP server that sends it: a status
 * and a plain-text message (empty on success). Spec 1.0: senders retry 5xx and never 4xx.
 */
public record RemoteWriteReply(int status, String message) {
  static final int NO_CONTENT = 204;
  static final int BAD_REQUEST = 400;
  static final int INTERNAL_SERVER_ERROR = 500;

  static RemoteWriteReply stored() {
    return new RemoteWriteReply(NO_CONTENT, "");
  }

  /** Some samples were not stored and never will be: a retry would be refused again. */
  static RemoteWriteReply partlyRejected(String message) {
    return new RemoteWriteReply(BAD_REQUEST, message);
  }

  /** Nothing of the batch is durable; the sender keeps it and retries. */
  static RemoteWriteReply storageFailed(String message) {
    return new RemoteWriteReply(INTERNAL_SERVER_ERROR, message);
  }
}
