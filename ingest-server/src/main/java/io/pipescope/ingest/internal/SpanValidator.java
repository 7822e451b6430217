package io.pipescope.ingest.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.ingest.IngestLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each span on its own, so one bad span does not cost its neighbours (OTLP partial success).
 * When every span is valid, which is the common case, the request's own lists are passed on as they
 * are and nothing is copied.
 */
public final class SpanValidator {
  /** How many rejected spans the error message describes; the count covers all of them. */
  private static final int DESCRIBED_REJECTIONS = 3;

  private final int maxAttributes;
  private final int maxValueLength;

  public SpanValidator(IngestLimits limits) {
    this.maxAttributes = limits.maxAttributesPerSpan();
    this.maxValueLength = limits.maxAttributeValueLength();
  }

  /** The outcome: the spans to aggregate, and what was rejected and why. */
  public record Result(
      List<ResourceSpans> accepted, long acceptedSpans, long rejectedSpans, long[] rejectedByReason, String message) {}

  public Result validate(List<ResourceSpans> batch) {
    long total = 0;
    long[] byReason = null;
    StringBuilder message = null;
    long rejected = 0;
    List<ResourceSpans> accepted = batch;
    for (int r = 0; r < batch.size(); r++) {
      ResourceSpans rs = batch.get(r);
      ResourceSpans.Builder rebuilt = null;
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        ScopeSpans ss = rs.getScopeSpans(s);
        ScopeSpans.Builder keptScope = null;
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span span = ss.getSpans(i);
          total++;
          String problem = null;
          SpanRejection reason = null;
          ByteString traceId = span.getTraceId();
          ByteString spanId = span.getSpanId();
          if (traceId.size() != 16 || allZero(traceId)) {
            reason = SpanRejection.INVALID_TRACE_ID;
            problem = "trace_id must be 16 bytes and not all zero, got " + describe(traceId);
          } else if (spanId.size() != 8 || allZero(spanId)) {
            reason = SpanRejection.INVALID_SPAN_ID;
            problem = "span_id must be 8 bytes and not all zero, got " + describe(spanId);
          } else if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            reason = SpanRejection.INVALID_PARENT_SPAN_ID;
            problem = "parent_span_id must be empty or 8 bytes, got " + describe(span.getParentSpanId());
          } else if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
            reason = SpanRejection.END_BEFORE_START;
            problem = "end_time_unix_nano " + Long.toUnsignedString(span.getEndTimeUnixNano())
                + " is before start_time_unix_nano " + Long.toUnsignedString(span.getStartTimeUnixNano());
          } else if (span.getAttributesCount() > maxAttributes) {
            reason = SpanRejection.TOO_MANY_ATTRIBUTES;
            problem = "has " + span.getAttributesCount() + " attributes, more than the limit of " + maxAttributes
                + " (ingest.limits.max_attributes_per_span)";
          } else {
            String longKey = firstOverlongAttribute(span.getAttributesList());
            if (longKey != null) {
              reason = SpanRejection.ATTRIBUTE_VALUE_TOO_LONG;
              problem = "attribute '" + longKey + "' is longer than the limit of " + maxValueLength
                  + " (ingest.limits.max_attribute_value_length)";
            }
          }
          if (reason == null) {
            if (keptScope != null) {
              keptScope.addSpans(span);
            }
            continue;
          }
          // First rejection in this request: from here on, valid spans are copied into new lists.
          if (byReason == null) {
            byReason = new long[SpanRejection.values().length];
            message = new StringBuilder();
            accepted = new ArrayList<>(batch.subList(0, r));
          }
          if (rebuilt == null) {
            rebuilt = rs.toBuilder().clearScopeSpans();
            for (int earlier = 0; earlier < s; earlier++) {
              rebuilt.addScopeSpans(rs.getScopeSpans(earlier));
            }
          }
          if (keptScope == null) {
            keptScope = ss.toBuilder().clearSpans().addAllSpans(ss.getSpansList().subList(0, i));
          }
          byReason[reason.ordinal()]++;
          if (rejected < DESCRIBED_REJECTIONS) {
            message.append(rejected == 0 ? "" : "; ")
                .append("span '").append(span.getName()).append("' (resource ").append(r)
                .append(", scope ").append(s).append(", span ").append(i).append("): ").append(problem);
          }
          rejected++;
        }
        if (rebuilt != null) {
          rebuilt.addScopeSpans(keptScope != null ? keptScope.build() : ss);
        }
        keptScope = null;
      }
      if (byReason != null) {
        accepted.add(rebuilt != null ? rebuilt.build() : rs);
      }
    }
    if (rejected == 0) {
      return new Result(batch, total, 0, null, "");
    }
    String head = "rejected " + rejected + " of " + total + " spans: ";
    String tail = rejected > DESCRIBED_REJECTIONS ? "; and " + (rejected - DESCRIBED_REJECTIONS) + " more" : "";
    return new Result(accepted, total - rejected, rejected, byReason, head + message + tail);
  }

  private String firstOverlongAttribute(List<KeyValue> attributes) {
    // Index loops, not for-each: an iterator per span was the validator's only allocation.
    for (int i = 0, n = attributes.size(); i < n; i++) {
      KeyValue kv = attributes.get(i);
      if (tooLong(kv.getValue())) {
        return kv.getKey();
      }
    }
    return null;
  }

  private boolean tooLong(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue().length() > maxValueLength;
      case BYTES_VALUE:
        return v.getBytesValue().size() > maxValueLength;
      case ARRAY_VALUE:
        List<AnyValue> elements = v.getArrayValue().getValuesList();
        for (int i = 0, n = elements.size(); i < n; i++) {
          if (tooLong(elements.get(i))) {
            return true;
          }
        }
        return false;
      case KVLIST_VALUE:
        return firstOverlongAttribute(v.getKvlistValue().getValuesList()) != null;
      default:
        return false;
    }
  }

  private static boolean allZero(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static String describe(ByteString id) {
    if (id.isEmpty()) {
      return "none";
    }
    return allZero(id) ? id.size() + " zero bytes" : id.size() + " bytes";
  }
}
