package io.pipescope.aggregator.internal.otlpmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label values as pdata's Value.AsString spells attributes (what Prometheus puts in the label). */
class AttributeValuesTest {
  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static AnyValue num(double d) {
    return AnyValue.newBuilder().setDoubleValue(d).build();
  }

  private static AnyValue integer(long i) {
    return AnyValue.newBuilder().setIntValue(i).build();
  }

  private static AnyValue array(AnyValue... values) {
    return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values))).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue map(KeyValue... entries) {
    return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(List.of(entries)))
        .build();
  }

  @Test
  void stringsStayAsTheyAre() {
    assertEquals("a \"quoted\" <value>", AttributeValues.asString(str("a \"quoted\" <value>")));
  }

  @Test
  void intsAndBooleansInTheirPlainForm() {
    assertEquals("-42", AttributeValues.asString(integer(-42)));
    assertEquals("9223372036854775807", AttributeValues.asString(integer(Long.MAX_VALUE)));
    assertEquals("true", AttributeValues.asString(AnyValue.newBuilder().setBoolValue(true).build()));
    assertEquals("false", AttributeValues.asString(AnyValue.newBuilder().setBoolValue(false).build()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.5, 1.5",
    "3, 3",
    "0, 0",
    "-0.0, -0",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
    "1.5e-10, 1.5e-10",
    "123456789012345678, 123456789012345680",
    "1e20, 100000000000000000000",
    "1e21, 1e+21",
    "-2.5e300, -2.5e+300",
  })
  void doublesAsJsonNumbers(double value, String expected) {
    assertEquals(expected, AttributeValues.asString(num(value)));
  }

  @Test
  void nonFiniteDoublesReadAsTheEncodersError() {
    assertEquals("json: unsupported value: NaN", AttributeValues.asString(num(Double.NaN)));
    assertEquals("json: unsupported value: +Inf", AttributeValues.asString(num(Double.POSITIVE_INFINITY)));
  }

  @Test
  void bytesInBase64() {
    AnyValue bytes = AnyValue.newBuilder().setBytesValue(ByteString.copyFrom("hi!", StandardCharsets.UTF_8)).build();
    assertEquals("aGkh", AttributeValues.asString(bytes));
  }

  @Test
  void arraysAsJson() {
    assertEquals("[\"a\",1,2.5,true,null]",
        AttributeValues.asString(array(str("a"), integer(1), num(2.5), AnyValue.newBuilder().setBoolValue(true).build(),
            AnyValue.getDefaultInstance())));
  }

  @Test
  void mapsAsJsonWithSortedKeysAndTheLastOfRepeatedKeys() {
    AnyValue value = map(kv("z", integer(1)), kv("a", array(str("x"))), kv("m", map(kv("k", str("v")))),
        kv("z", integer(2)));
    assertEquals("{\"a\":[\"x\"],\"m\":{\"k\":\"v\"},\"z\":2}", AttributeValues.asString(value));
  }

  @Test
  void jsonStringsEscapedAsEncodingJsonDoes() {
    assertEquals("[\"q\\\"b\\\\ \\n\\t\\r\\b\\f \\u0001 \\u003c\\u003e\\u0026 \\u2028 é😀\"]",
        AttributeValues.asString(array(str("q\"b\\ \n\t\r\b\f \u0001 <>& \u2028 é😀"))));
  }

  @Test
  void aNanInsideJsonEmptiesTheValue() {
    assertEquals("", AttributeValues.asString(array(str("a"), num(Double.NaN))));
  }

  @Test
  void anUnsetValueIsEmpty() {
    assertEquals("", AttributeValues.asString(AnyValue.getDefaultInstance()));
  }
}
