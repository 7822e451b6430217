package io.pipescope.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.pipescope.app.shell.OtlpExportSettings.Protocol;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standard OpenTelemetry exporter variables, read as the specification defines them. */
class OtlpExportSettingsTest {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  @Test
  void withNothingSetSpansGoOverGrpcToPipescopesOwnPortWithAShortTimeout() {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of());
    assertEquals(Protocol.GRPC, s.protocol());
    assertEquals("http://127.0.0.1:4317", s.endpoint());
    assertEquals(Duration.ofSeconds(3), s.timeout());
    assertEquals("none", s.compression());
    assertEquals(Map.of(), s.headers());
    assertTrue(s.enabled());
    assertEquals("unknown_service:pipescope", s.resource().getAttribute(SERVICE_NAME));
    assertEquals("opentelemetry", s.resource().getAttribute(AttributeKey.stringKey("telemetry.sdk.name")));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "grpc, http://collector:4317, http://collector:4317",
      "http/protobuf, http://collector:4318, http://collector:4318/v1/traces",
      "http/protobuf, http://collector:4318/, http://collector:4318/v1/traces",
      "http/protobuf, https://gateway/otlp, https://gateway/otlp/v1/traces"})
  void theGeneralEndpointGainsTheSignalPathOnlyForHttp(String protocol, String base, String expected) {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_PROTOCOL", protocol, "OTEL_EXPORTER_OTLP_ENDPOINT", base));
    assertEquals(expected, s.endpoint());
  }

  @Test
  void httpProtobufWithoutAnEndpointGoesToPipescopesHttpPort() {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    assertEquals("http://127.0.0.1:4318/v1/traces", s.endpoint());
  }

  @Test
  void signalSpecificVariablesWinAndTheTracesEndpointIsUsedAsItIs() {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/custom",
        "OTEL_EXPORTER_OTLP_TIMEOUT", "10000",
        "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1500",
        "OTEL_EXPORTER_OTLP_HEADERS", "a=1",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2"));
    assertEquals(Protocol.HTTP_PROTOBUF, s.protocol());
    assertEquals("http://traces:9999/custom", s.endpoint());
    assertEquals(Duration.ofMillis(1500), s.timeout());
    assertEquals(Map.of("b", "2"), s.headers());
  }

  @Test
  void headersArePercentDecoded() {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", " Authorization = Basic%20dXNlcjpwYXNz , x-tenant=a%2Cb"));
    assertEquals(Map.of("Authorization", "Basic dXNlcjpwYXNz", "x-tenant", "a,b"), s.headers());
  }

  @Test
  void serviceNameWinsOverTheResourceAttributesWhichJoinTheSdkDefaults() {
    OtlpExportSettings s = OtlpExportSettings.fromEnvironment(Map.of(
        "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes,factory.feature.type=crud,cicd.pipeline.name=main",
        "OTEL_SERVICE_NAME", "checkout-pipeline"));
    assertEquals("checkout-pipeline", s.resource().getAttribute(SERVICE_NAME));
    assertEquals("crud", s.resource().getAttribute(AttributeKey.stringKey("factory.feature.type")));
    assertEquals("main", s.resource().getAttribute(AttributeKey.stringKey("cicd.pipeline.name")));
  }

  @Test
  void sdkDisabledSendsNothing() {
    assertFalse(OtlpExportSettings.fromEnvironment(Map.of("OTEL_SDK_DISABLED", "TRUE")).enabled());
    assertTrue(OtlpExportSettings.fromEnvironment(Map.of("OTEL_SDK_DISABLED", "false")).enabled());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "OTEL_EXPORTER_OTLP_PROTOCOL|http/json|OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not a protocol",
      "OTEL_EXPORTER_OTLP_ENDPOINT|127.0.0.1:4317|OTEL_EXPORTER_OTLP_ENDPOINT=127.0.0.1:4317 is not an http:// or https:// URL",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT|ftp://x|OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=ftp://x is not an http",
      "OTEL_EXPORTER_OTLP_TIMEOUT|5s|OTEL_EXPORTER_OTLP_TIMEOUT=5s is not a positive number of milliseconds",
      "OTEL_EXPORTER_OTLP_TIMEOUT|0|OTEL_EXPORTER_OTLP_TIMEOUT=0 is not a positive number of milliseconds",
      "OTEL_EXPORTER_OTLP_HEADERS|novalue|OTEL_EXPORTER_OTLP_HEADERS: 'novalue' is not key=value",
      "OTEL_EXPORTER_OTLP_COMPRESSION|zstd|OTEL_EXPORTER_OTLP_COMPRESSION=zstd is not gzip or none",
      "OTEL_RESOURCE_ATTRIBUTES|=x|OTEL_RESOURCE_ATTRIBUTES: '=x' is not key=value"})
  void anUnusableValueIsRefusedNamingTheVariable(String variable, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OtlpExportSettings.fromEnvironment(Map.of(variable, value)));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
