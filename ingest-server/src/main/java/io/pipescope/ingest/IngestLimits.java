package io.pipescope.ingest;

/**
 * Every limit the ingest edge enforces. Each has a default, a configuration key (the YAML name is
 * given beside each), and a self-metric that counts what it refused.
 *
 * @param maxRequestBytes {@code max_request_bytes}: body as sent (compressed), HTTP 413 / gRPC
 *     RESOURCE_EXHAUSTED past it
 * @param maxDecompressedBytes {@code max_decompressed_bytes}: body after gzip or snappy, so a small bomb
 *     cannot expand without bound
 * @param maxSpansPerRequest {@code max_spans_per_request}: the whole request is refused past it
 * @param maxAttributesPerSpan {@code max_attributes_per_span}: a span with more is rejected (partial
 *     success)
 * @param maxAttributeValueLength {@code max_attribute_value_length}: a span with a longer string or
 *     bytes attribute value is rejected (partial success)
 * @param maxInflightBytes {@code max_inflight_bytes}: request bytes held at once, across transports;
 *     past it clients are told to retry
 * @param maxInflightRequests {@code max_inflight_requests}: requests being handled at once
 * @param retryAfterSeconds {@code retry_after_seconds}: the delay suggested to refused clients
 */
public record IngestLimits(
    long maxRequestBytes,
    long maxDecompressedBytes,
    int maxSpansPerRequest,
    int maxAttributesPerSpan,
    int maxAttributeValueLength,
    long maxInflightBytes,
    int maxInflightRequests,
    int retryAfterSeconds) {

  private static final long MIB = 1024 * 1024;
  private static final long MAX_BODY_BYTES = 1024 * MIB;

  /**
   * Defaults follow the Collector's OTLP receiver where it has one (4 MiB gRPC messages; 20 MiB HTTP
   * bodies) and the OpenTelemetry SDK span limits (128 attributes) otherwise.
   */
  public static final IngestLimits DEFAULTS =
      new IngestLimits(20 * MIB, 64 * MIB, 50_000, 128, 64 * 1024, 256 * MIB, 256, 1);

  public IngestLimits {
    positive("max_request_bytes", maxRequestBytes);
    positive("max_decompressed_bytes", maxDecompressedBytes);
    positive("max_spans_per_request", maxSpansPerRequest);
    positive("max_attributes_per_span", maxAttributesPerSpan);
    positive("max_attribute_value_length", maxAttributeValueLength);
    positive("max_inflight_bytes", maxInflightBytes);
    positive("max_inflight_requests", maxInflightRequests);
    positive("retry_after_seconds", retryAfterSeconds);
    if (maxDecompressedBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("max_decompressed_bytes must be at most 1GiB (a body is held in one"
          + " array), got " + maxDecompressedBytes);
    }
    if (maxDecompressedBytes < maxRequestBytes) {
      throw new IllegalArgumentException("max_decompressed_bytes (" + maxDecompressedBytes
          + ") must be at least max_request_bytes (" + maxRequestBytes + ")");
    }
    if (maxInflightBytes < maxDecompressedBytes) {
      throw new IllegalArgumentException("max_inflight_bytes (" + maxInflightBytes
          + ") must be at least max_decompressed_bytes (" + maxDecompressedBytes
          + "), or no request of the largest allowed size could ever be accepted");
    }
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }
}
