package io.pipescope.query.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Traces as OTLP/JSON (otlp.md, "JSON Protobuf Encoding"): the proto3 JSON mapping with enums as
 * integers and trace and span ids as hex, under Tempo's top-level {@code batches}.
 */
final class OtlpJsonWriter {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();

  private OtlpJsonWriter() {}

  /** {@code {"batches":[ResourceSpans...]}} as Tempo's {@code /api/traces/<id>} answers JSON. */
  static String batches(TracesData trace) {
    try {
      JsonNode tree = MAPPER.readTree(PRINTER.print(trace));
      ObjectNode out = MAPPER.createObjectNode();
      out.set("batches", tree.has("resourceSpans") ? tree.get("resourceSpans") : MAPPER.createArrayNode());
      idsToHex(out);
      return MAPPER.writeValueAsString(out);
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException("cannot print a trace as OTLP/JSON", e);
    }
  }

  private static void idsToHex(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
          f.setValue(new TextNode(HexFormat.of().formatHex(Base64.getDecoder().decode(f.getValue().textValue()))));
        } else if (f.getValue().isContainerNode()) {
          idsToHex(f.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(OtlpJsonWriter::idsToHex);
    }
  }
}
