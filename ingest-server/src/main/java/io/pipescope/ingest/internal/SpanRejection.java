package io.pipescope.ingest.internal;

/** Why one span was rejected while the rest of its request was kept (OTLP partial success). */
public enum SpanRejection {
  INVALID_TRACE_ID("invalid_trace_id"),
  INVALID_SPAN_ID("invalid_span_id"),
  INVALID_PARENT_SPAN_ID("invalid_parent_span_id"),
  END_BEFORE_START("end_before_start"),
  TOO_MANY_ATTRIBUTES("max_attributes_per_span"),
  ATTRIBUTE_VALUE_TOO_LONG("max_attribute_value_length");

  private final String label;

  SpanRejection(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
