package io.pipescope.app.cli;

import io.opentelemetry.api.trace.SpanContext;
import io.pipescope.app.shell.KeyValueList;
import io.pipescope.app.shell.TraceContextEnvironment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feature begun by {@code pipescope feature start}, carried in environment variables from there
 * to every {@code pipescope stage} and to {@code pipescope feature end}, so no process has to stay
 * alive in between. {@code TRACEPARENT} is the feature's root span: stages become its children.
 *
 * @param id the feature id ({@code factory.feature.id})
 * @param root the root span's context, whose span {@code feature end} reports
 * @param startEpochNanos when the feature started
 * @param attributes what every span of the feature carries besides the id (type, name, --attr)
 * @param link the trace the pipeline was already part of when the feature started, or an invalid context
 */
record StartedFeature(String id, SpanContext root, long startEpochNanos, Map<String, String> attributes,
    SpanContext link) {
  static final String ID = "PIPESCOPE_FEATURE_ID";
  static final String ROOT = "PIPESCOPE_FEATURE_TRACEPARENT";
  static final String START = "PIPESCOPE_FEATURE_START";
  static final String ATTRIBUTES = "PIPESCOPE_FEATURE_ATTRIBUTES";
  static final String LINK = "PIPESCOPE_FEATURE_LINK";

  StartedFeature {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** The variables to export, in order; a null value means unset. */
  Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>(TraceContextEnvironment.variables(root));
    variables.put(ID, id);
    variables.put(ROOT, TraceContextEnvironment.traceparent(root));
    variables.put(START, Long.toString(startEpochNanos));
    variables.put(ATTRIBUTES, KeyValueList.format(attributes));
    variables.put(LINK, link.isValid() ? TraceContextEnvironment.traceparent(link) : null);
    return variables;
  }

  /**
   * The feature the variables describe.
   *
   * @throws IllegalStateException saying what is missing or malformed
   */
  static StartedFeature fromEnvironment(Map<String, String> env) {
    String traceparent = env.get(ROOT);
    if (traceparent == null || traceparent.isBlank()) {
      throw new IllegalStateException(ROOT + " is not set: no feature was started in this environment"
          + " (eval \"$(pipescope feature start --id ID)\" starts one)");
    }
    SpanContext root = TraceContextEnvironment.parse(traceparent.trim());
    if (!root.isValid()) {
      throw new IllegalStateException(ROOT + "=" + traceparent + " is not a W3C traceparent");
    }
    long start;
    try {
      start = Long.parseLong(env.getOrDefault(START, "").trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(START + "=" + env.get(START) + " is not a time in epoch nanoseconds");
    }
    return new StartedFeature(env.getOrDefault(ID, ""), root, start, attributesIn(env),
        TraceContextEnvironment.parse(env.get(LINK)));
  }

  /** The feature attributes in the environment; none when unset, and a malformed list is ignored. */
  static Map<String, String> attributesIn(Map<String, String> env) {
    try {
      return KeyValueList.parse(env.get(ATTRIBUTES));
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }
}
