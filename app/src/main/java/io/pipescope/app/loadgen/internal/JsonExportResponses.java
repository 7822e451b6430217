package io.pipescope.app.loadgen.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.query.traces.OtlpJson;
import java.io.IOException;

/** Reads OTLP/JSON export responses (requests are written by {@link OtlpJson}). */
final class JsonExportResponses {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonExportResponses() {}

  /** The rejected span count of an OTLP/JSON ExportTraceServiceResponse; 0 for an empty body. */
  static long rejectedSpans(byte[] body) throws IOException {
    if (body.length == 0) {
      return 0;
    }
    JsonNode rejected = MAPPER.readTree(body).path("partialSuccess").path("rejectedSpans");
    // proto3 JSON writes int64 as a string; accept a number too.
    return rejected.isTextual() ? Long.parseLong(rejected.textValue()) : rejected.asLong(0);
  }
}
