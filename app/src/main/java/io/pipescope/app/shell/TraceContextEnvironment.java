package io.pipescope.app.shell;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * W3C trace context carried in environment variables, as the OpenTelemetry specification's
 * "Environment Variables as Context Propagation Carriers" names them: the propagator's
 * {@code traceparent} and {@code tracestate} fields become {@code TRACEPARENT} and
 * {@code TRACESTATE}. Parsing and formatting are the API's own W3C propagator.
 */
public final class TraceContextEnvironment {
  public static final String TRACEPARENT = "TRACEPARENT";
  public static final String TRACESTATE = "TRACESTATE";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** The carrier maps a propagator field to its variable: upper case ({@code traceparent} is {@code TRACEPARENT}). */
  private static final TextMapGetter<Map<String, String>> ENVIRONMENT =
      (carrier, key) -> carrier == null ? null : carrier.get(key.toUpperCase(Locale.ROOT));

  private TraceContextEnvironment() {}

  /** The context in {@code TRACEPARENT}/{@code TRACESTATE}; invalid when they are absent or malformed. */
  public static SpanContext read(Map<String, String> environment) {
    return Span.fromContext(W3C.extract(Context.root(), environment, ENVIRONMENT)).getSpanContext();
  }

  /** The context of one {@code traceparent} value (no trace state); invalid when malformed or null. */
  public static SpanContext parse(String traceparent) {
    return read(traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent));
  }

  /**
   * The variables that make a child process continue from {@code context}: {@code TRACEPARENT},
   * and {@code TRACESTATE} mapped to null (to be removed) when the context carries no trace state,
   * so a stale one from an unrelated trace never reaches the child.
   */
  public static Map<String, String> variables(SpanContext context) {
    Map<String, String> headers = new LinkedHashMap<>();
    W3C.inject(Context.root().with(Span.wrap(context)), headers, (carrier, key, value) -> carrier.put(key, value));
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(TRACEPARENT, headers.get("traceparent"));
    variables.put(TRACESTATE, headers.get("tracestate"));
    return variables;
  }

  /** The {@code traceparent} value of {@code context}. */
  public static String traceparent(SpanContext context) {
    return variables(context).get(TRACEPARENT);
  }
}
