package io.pipescope.app.shell;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how the command line sends its spans, read once from the standard OpenTelemetry
 * exporter variables (OpenTelemetry specification, "OTLP Exporter Configuration" and "SDK
 * Environment Variables"). Two defaults differ from a long-running SDK on purpose: gRPC to
 * pipescope's own port on loopback, and a 3 s timeout, because a pipeline step must not wait long
 * for telemetry.
 *
 * @param protocol how spans travel
 * @param endpoint the full URL spans are sent to (for http/protobuf, including {@code /v1/traces})
 * @param headers extra request headers ({@code OTEL_EXPORTER_OTLP_HEADERS})
 * @param timeout the longest one export may take, connecting included
 * @param compression {@code gzip} or {@code none}
 * @param resource the resource every span carries ({@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES})
 * @param enabled false when {@code OTEL_SDK_DISABLED=true}: nothing is sent
 */
public record OtlpExportSettings(
    Protocol protocol,
    String endpoint,
    Map<String, String> headers,
    Duration timeout,
    String compression,
    Resource resource,
    boolean enabled) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  static final String DEFAULT_SERVICE_NAME = "unknown_service:pipescope";
  private static final String PREFIX = "OTEL_EXPORTER_OTLP_";
  private static final String TRACES_PREFIX = "OTEL_EXPORTER_OTLP_TRACES_";

  /** The OTLP transports the OpenTelemetry Java exporters offer. */
  public enum Protocol {
    GRPC("grpc", "http://127.0.0.1:4317"),
    HTTP_PROTOBUF("http/protobuf", "http://127.0.0.1:4318");

    private final String name;
    private final String defaultBase;

    Protocol(String name, String defaultBase) {
      this.name = name;
      this.defaultBase = defaultBase;
    }

    /** The value of {@code OTEL_EXPORTER_OTLP_PROTOCOL} that selects this transport. */
    public String configName() {
      return name;
    }

    /**
     * The traces URL for a base endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}): gRPC uses it as it
     * is, HTTP appends the signal path {@code v1/traces} to it.
     */
    String tracesUrl(String base) {
      if (this == GRPC) {
        return base;
      }
      return base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces";
    }

    static Protocol of(String variable, String value) {
      for (Protocol p : values()) {
        if (p.name.equals(value.trim())) {
          return p;
        }
      }
      throw new IllegalArgumentException(variable + "=" + value + " is not a protocol pipescope can send with"
          + " (grpc or http/protobuf)");
    }
  }

  public OtlpExportSettings {
    headers = Map.copyOf(headers);
  }

  /**
   * The settings the variables describe; a signal-specific variable ({@code ..._TRACES_...}) wins
   * over the general one.
   *
   * @throws IllegalArgumentException naming the variable whose value cannot be used
   */
  public static OtlpExportSettings fromEnvironment(Map<String, String> env) {
    boolean enabled = !"true".equalsIgnoreCase(trimmed(env.get("OTEL_SDK_DISABLED")));
    String protocolVariable = pick(env, "PROTOCOL");
    Protocol protocol = protocolVariable == null ? Protocol.GRPC : Protocol.of(protocolVariable, env.get(protocolVariable));

    String endpoint;
    String endpointVariable;
    if (trimmed(env.get(TRACES_PREFIX + "ENDPOINT")) != null) {
      endpointVariable = TRACES_PREFIX + "ENDPOINT";
      endpoint = env.get(endpointVariable).trim();
    } else if (trimmed(env.get(PREFIX + "ENDPOINT")) != null) {
      endpointVariable = PREFIX + "ENDPOINT";
      endpoint = protocol.tracesUrl(env.get(endpointVariable).trim());
    } else {
      endpointVariable = null;
      endpoint = protocol.tracesUrl(protocol.defaultBase);
    }
    if (endpointVariable != null) {
      requireHttpUrl(endpointVariable, env.get(endpointVariable));
    }

    String headersVariable = pick(env, "HEADERS");
    Map<String, String> headers;
    try {
      headers = headersVariable == null ? Map.of() : KeyValueList.parse(env.get(headersVariable));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(headersVariable + ": " + e.getMessage());
    }

    String timeoutVariable = pick(env, "TIMEOUT");
    Duration timeout = timeoutVariable == null ? DEFAULT_TIMEOUT : millis(timeoutVariable, env.get(timeoutVariable));

    String compressionVariable = pick(env, "COMPRESSION");
    String compression = compressionVariable == null ? "none" : env.get(compressionVariable).trim();
    if (!compression.equals("gzip") && !compression.equals("none")) {
      throw new IllegalArgumentException(compressionVariable + "=" + compression + " is not gzip or none");
    }
    return new OtlpExportSettings(protocol, endpoint, headers, timeout, compression, resource(env), enabled);
  }

  /** Where spans go, for messages: {@code http://127.0.0.1:4317 (grpc)}. */
  public String destination() {
    return endpoint + " (" + protocol.configName() + ")";
  }

  /**
   * The SDK's default resource (telemetry.sdk.*), then {@code OTEL_RESOURCE_ATTRIBUTES}, then
   * {@code OTEL_SERVICE_NAME}, which wins over a {@code service.name} in the attributes.
   */
  private static Resource resource(Map<String, String> env) {
    AttributesBuilder attributes = Attributes.builder().put(AttributeKey.stringKey("service.name"), DEFAULT_SERVICE_NAME);
    try {
      KeyValueList.parse(env.get("OTEL_RESOURCE_ATTRIBUTES")).forEach(attributes::put);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OTEL_RESOURCE_ATTRIBUTES: " + e.getMessage());
    }
    String serviceName = trimmed(env.get("OTEL_SERVICE_NAME"));
    if (serviceName != null) {
      attributes.put(AttributeKey.stringKey("service.name"), serviceName);
    }
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  /** The set variable among {@code OTEL_EXPORTER_OTLP_TRACES_<name>} and {@code OTEL_EXPORTER_OTLP_<name>}. */
  private static String pick(Map<String, String> env, String name) {
    if (trimmed(env.get(TRACES_PREFIX + name)) != null) {
      return TRACES_PREFIX + name;
    }
    return trimmed(env.get(PREFIX + name)) != null ? PREFIX + name : null;
  }

  /** The specification gives the timeout as a whole number of milliseconds. */
  private static Duration millis(String variable, String value) {
    long ms;
    try {
      ms = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      ms = -1;
    }
    if (ms <= 0) {
      throw new IllegalArgumentException(variable + "=" + value + " is not a positive number of milliseconds");
    }
    return Duration.ofMillis(ms);
  }

  private static void requireHttpUrl(String variable, String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(variable + "=" + value + " is not an http:// or https:// URL");
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
