package io.pipescope.aggregator.internal.otlpmetrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.TreeMap;

/**
 * An OTLP attribute value as a label value, exactly as pdata's {@code Value.AsString} spells it
 * (Prometheus uses it for every label): strings as they are, ints in decimal, booleans
 * {@code true}/{@code false}, doubles as JSON numbers, bytes in base64, arrays and maps as
 * encoding/json writes them (map keys sorted, {@code <>&} escaped).
 */
final class AttributeValues {
  private AttributeValues() {}

  static String asString(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> doubleAsString(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value);
      default -> "";
    };
  }

  private static String doubleAsString(double v) {
    String number = GoFloatFormat.json(v);
    // pdata writes the encoder's error for NaN and infinities, and so Prometheus's label does.
    return number != null ? number : "json: unsupported value: " + GoFloatFormat.plain(v);
  }

  private static String json(AnyValue value) {
    StringBuilder json = new StringBuilder();
    // A NaN anywhere makes json.Marshal fail; pdata then returns "" (and the label is dropped).
    return writeJson(value, json) ? json.toString() : "";
  }

  /** Writes the value as encoding/json would marshal pdata's {@code AsRaw()}; false if it cannot. */
  private static boolean writeJson(AnyValue value, StringBuilder out) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        writeJsonString(value.getStringValue(), out);
        return true;
      case BOOL_VALUE:
        out.append(value.getBoolValue());
        return true;
      case INT_VALUE:
        out.append(value.getIntValue());
        return true;
      case DOUBLE_VALUE:
        String number = GoFloatFormat.json(value.getDoubleValue());
        out.append(number);
        return number != null;
      case BYTES_VALUE:
        writeJsonString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()), out);
        return true;
      case ARRAY_VALUE:
        out.append('[');
        for (int i = 0; i < value.getArrayValue().getValuesCount(); i++) {
          if (i > 0) {
            out.append(',');
          }
          if (!writeJson(value.getArrayValue().getValues(i), out)) {
            return false;
          }
        }
        out.append(']');
        return true;
      case KVLIST_VALUE:
        // AsRaw builds a Go map: a repeated key keeps its last value, and json sorts the keys.
        TreeMap<String, AnyValue> sorted = new TreeMap<>(GoStrings.ORDER);
        for (KeyValue kv : value.getKvlistValue().getValuesList()) {
          sorted.put(kv.getKey(), kv.getValue());
        }
        out.append('{');
        boolean first = true;
        for (var entry : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeJsonString(entry.getKey(), out);
          out.append(':');
          if (!writeJson(entry.getValue(), out)) {
            return false;
          }
        }
        out.append('}');
        return true;
      default:
        out.append("null");
        return true;
    }
  }

  /** encoding/json's string escaping (Go 1.22+), HTML-safe as json.Marshal is by default. */
  private static void writeJsonString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c, out);
        default -> {
          if (c < 0x20) {
            unicodeEscape(c, out);
          } else if (Character.isSurrogate(c)) {
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append("\\ufffd"); // Go replaces invalid UTF-8 the same way
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u");
    String hex = Integer.toHexString(c);
    for (int pad = hex.length(); pad < 4; pad++) {
      out.append('0');
    }
    out.append(hex);
  }
}
