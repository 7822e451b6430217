package io.pipescope.query.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON as SDK exporters write it (otlp.md, "JSON Protobuf Encoding"): the proto3 JSON mapping
 * with enums as integers and trace and span ids as hex rather than base64. The one encoder of the
 * trace API, the load generator and the benchmarks.
 */
public final class OtlpJson {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();

  private OtlpJson() {}

  /** {@code message} as an OTLP/JSON body. */
  public static byte[] encode(Message message) {
    try {
      return MAPPER.writeValueAsBytes(tree(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + message.getDescriptorForType().getName() + " as JSON", e);
    }
  }

  /** {@code {"batches":[ResourceSpans...]}}, as Tempo's {@code /api/traces/<id>} answers JSON. */
  static String batches(TracesData trace) {
    ObjectNode out = MAPPER.createObjectNode();
    JsonNode tree = tree(trace);
    out.set("batches", tree.has("resourceSpans") ? tree.get("resourceSpans") : MAPPER.createArrayNode());
    try {
      return MAPPER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a trace as JSON", e);
    }
  }

  private static JsonNode tree(Message message) {
    try {
      JsonNode tree = MAPPER.readTree(PRINTER.print(message));
      idsToHex(tree);
      return tree;
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName() + " as JSON", e);
    }
  }

  private static void idsToHex(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> f : object.properties()) {
        if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
          f.setValue(new TextNode(HexFormat.of().formatHex(Base64.getDecoder().decode(f.getValue().textValue()))));
        } else if (f.getValue().isContainerNode()) {
          idsToHex(f.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(OtlpJson::idsToHex);
    }
  }
}
