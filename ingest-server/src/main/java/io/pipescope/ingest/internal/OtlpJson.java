package io.pipescope.ingest.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON as the specification defines it (otlp.md, "JSON Protobuf Encoding"): the proto3 JSON
 * mapping except that trace and span ids are hex strings, not base64. Field names may be
 * lowerCamelCase or the original snake_case, enums may be integers, and unknown fields are ignored,
 * as receivers must.
 */
public final class OtlpJson {
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpJson() {}

  /** Merges an OTLP/JSON body into {@code into}; a body that is not OTLP/JSON is refused with the reason. */
  public static void merge(byte[] body, Message.Builder into) throws RefusedException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the body is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (java.io.IOException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the body could not be read as JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new RefusedException(Refusal.UNDECODABLE, "an OTLP/JSON body must be a JSON object");
    }
    hexIdsToBase64(tree);
    try {
      PARSER.merge(MAPPER.writeValueAsString(tree), into);
    } catch (InvalidProtocolBufferException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "the body is not an OTLP/JSON "
          + into.getDescriptorForType().getName() + ": " + e.getMessage());
    } catch (JacksonException e) {
      throw new IllegalStateException("re-serialising a parsed JSON tree failed", e);
    }
  }

  public static byte[] print(Message message) {
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName() + " as JSON", e);
    }
  }

  private static void hexIdsToBase64(JsonNode node) throws RefusedException {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
          field.setValue(new TextNode(hexToBase64(field.getKey(), value.textValue())));
        } else if (value.isContainerNode()) {
          hexIdsToBase64(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        hexIdsToBase64(element);
      }
    }
  }

  private static String hexToBase64(String field, String hex) throws RefusedException {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new RefusedException(Refusal.UNDECODABLE, "field '" + field + "' must be a hex string (OTLP/JSON ids are"
          + " hex, not base64), got '" + abbreviate(hex) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
