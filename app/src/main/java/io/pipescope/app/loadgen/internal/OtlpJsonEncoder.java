package io.pipescope.app.loadgen.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A message as an SDK's OTLP/HTTP JSON exporter sends it (otlp.md, "JSON Protobuf Encoding"): the
 * proto3 JSON mapping with enums as integers and trace and span ids as hex, not base64.
 */
final class OtlpJsonEncoder {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();

  private OtlpJsonEncoder() {}

  static byte[] encode(Message message) {
    try {
      JsonNode tree = MAPPER.readTree(PRINTER.print(message));
      base64IdsToHex(tree);
      return MAPPER.writeValueAsBytes(tree);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rejected span count of an OTLP/JSON ExportTraceServiceResponse; 0 for an empty body. */
  static long rejectedSpans(byte[] body) throws IOException {
    if (body.length == 0) {
      return 0;
    }
    JsonNode rejected = MAPPER.readTree(body).path("partialSuccess").path("rejectedSpans");
    // proto3 JSON writes int64 as a string; accept a number too.
    return rejected.isTextual() ? Long.parseLong(rejected.textValue()) : rejected.asLong(0);
  }

  private static void base64IdsToHex(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode value = field.getValue();
        if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
          field.setValue(new TextNode(HexFormat.of().formatHex(Base64.getDecoder().decode(value.textValue()))));
        } else if (value.isContainerNode()) {
          base64IdsToHex(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        base64IdsToHex(element);
      }
    }
  }
}
