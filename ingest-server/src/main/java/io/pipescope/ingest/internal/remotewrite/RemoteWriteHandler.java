package io.pipescope.ingest.internal.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pipescope.aggregator.storage.Appendable;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.ingest.internal.InflightLease;
import io.pipescope.ingest.internal.Refusal;
import io.pipescope.ingest.internal.RefusedException;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;

/**
 * The Prometheus remote write 1.0 receiver (https://prometheus.io/docs/specs/prw/remote_write_spec/),
 * apart from any HTTP server: the server checks headers with {@link #checkHeaders} before reading
 * the body, holds the body under an in-flight lease, and answers with what {@link #receive} returns.
 * A refused request ({@link RefusedException}) is answered with its refusal's status.
 */
public final class RemoteWriteHandler {
  /** Prometheus's own receiver path. */
  public static final String PATH = "/api/v1/write";
  public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
  /** The answer (404) where no store was given to write into. */
  public static final String NOT_ENABLED = "remote write is not enabled";

  private final BatchWriter writer;
  private final IngestLimits limits;
  private final RemoteWriteMetrics metrics;

  public RemoteWriteHandler(Appendable store, IngestLimits limits, RemoteWriteMetrics metrics) {
    this.writer = new BatchWriter(store);
    this.limits = limits;
    this.metrics = metrics;
  }

  /** Refuses (415) a request whose headers name anything but remote write 1.0; null headers are allowed. */
  public void checkHeaders(String contentType, String contentEncoding, String version) throws RefusedException {
    RemoteWriteHeaders.check(contentType, contentEncoding, version);
  }

  /**
   * Decodes a request body (as sent: snappy-compressed) and writes its samples; returns only once
   * the batch is committed. The decompressed bytes are charged to {@code lease}.
   */
  public RemoteWriteReply receive(byte[] body, InflightLease lease) throws RefusedException {
    byte[] decompressed = BoundedSnappy.decompress(body, limits.maxDecompressedBytes(), lease);
    WriteRequest request;
    try {
      request = WriteRequest.parseFrom(decompressed);
    } catch (InvalidProtocolBufferException e) {
      throw new RefusedException(Refusal.UNDECODABLE,
          "the body is not a protobuf-encoded prometheus.WriteRequest: " + e.getMessage());
    }
    WriteOutcome outcome = new WriteOutcome();
    try {
      writer.write(request, outcome);
    } catch (IOException e) {
      return RemoteWriteReply.storageFailed("pipescope could not store the samples (" + e.getMessage()
          + "); nothing of this request was stored, retry it");
    } finally {
      metrics.received(outcome);
    }
    metrics.committed(outcome);
    return outcome.reply();
  }
}
