package io.pipescope.aggregator;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pipescope.aggregator.metrics.CardinalityLimit;
import io.pipescope.aggregator.metrics.Counter;
import io.pipescope.aggregator.metrics.SketchHistogram;
import io.pipescope.aggregator.metrics.LabelValues;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import io.pipescope.aggregator.metrics.Restorable;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Generic span metrics for every span, named as the OpenTelemetry Collector's spanmetrics connector
 * names them: {@code calls_total} and the {@code duration_seconds} histogram by {@code service_name},
 * {@code span_name}, {@code span_kind} and {@code status_code}.
 *
 * <p>Hot path: the service is looked up once per resource, the span name once per span in a
 * lock-free map keyed by the string the protobuf already holds, and kind × status index a small
 * array, so recording a span into a known series allocates nothing.
 */
public final class SpanMetricsAggregator implements SpanConsumer, MetricSource, Restorable {
  static final String UNKNOWN_SERVICE = "unknown_service";
  private static final String[] KINDS = {
    "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"
  };
  private static final String[] STATUSES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
  private static final int SLOTS = KINDS.length * STATUSES.length;

  private final SpanMetricsConfig config;
  private final CardinalityLimit limit;
  private final ConcurrentHashMap<String, ServiceSeries> services = new ConcurrentHashMap<>();
  private final Object creation = new Object();
  private volatile SpanSeries overflow;

  /** The counters of one series. */
  private record SpanSeries(Labels labels, Counter calls, SketchHistogram duration) {}

  /** All series of one service, by span name, then by kind × status. */
  private static final class ServiceSeries {
    final String serviceName;
    final ConcurrentHashMap<String, AtomicReferenceArray<SpanSeries>> bySpanName = new ConcurrentHashMap<>();

    ServiceSeries(String serviceName) {
      this.serviceName = serviceName;
    }
  }

  public SpanMetricsAggregator(SpanMetricsConfig config) {
    this.config = config;
    this.limit = new CardinalityLimit(config.maxSeries());
  }

  @Override
  public void consume(List<ResourceSpans> batch) {
    for (int r = 0, rn = batch.size(); r < rn; r++) {
      ResourceSpans resourceSpans = batch.get(r);
      ServiceSeries service = service(capped(serviceName(resourceSpans.getResource())));
      for (int s = 0, sn = resourceSpans.getScopeSpansCount(); s < sn; s++) {
        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
        for (int i = 0, n = scopeSpans.getSpansCount(); i < n; i++) {
          record(service, scopeSpans.getSpans(i));
        }
      }
    }
  }

  private void record(ServiceSeries service, Span span) {
    int kind = span.getKindValue();
    int status = span.getStatus().getCodeValue();
    int slot = (kind >= 0 && kind < KINDS.length ? kind : 0) * STATUSES.length
        + (status >= 0 && status < STATUSES.length ? status : 0);
    SpanSeries series = service != null ? find(service, capped(span.getName()), slot) : overflowSample();
    series.calls().inc();
    series.duration().recordNanos(span.getEndTimeUnixNano() - span.getStartTimeUnixNano(), span.getTraceId(),
        span.getSpanId(), span.getEndTimeUnixNano() / 1_000_000);
  }

  private SpanSeries find(ServiceSeries service, String spanName, int slot) {
    SpanSeries series = published(service, spanName, slot);
    return series != null ? series : create(service, spanName, slot);
  }

  private SpanSeries create(ServiceSeries service, String spanName, int slot) {
    // Series are published before they are counted, and only under the creation lock, so the cap
    // counts series rather than racing creators: a full limit and an empty slot mean this series
    // was never admitted, and samples past the cap reach the overflow series without a lock.
    if (limit.series() < limit.maxSeries()) {
      synchronized (creation) {
        SpanSeries published = published(service, spanName, slot);
        if (published != null) {
          return published;
        }
        if (limit.series() < limit.maxSeries()) {
          AtomicReferenceArray<SpanSeries> slots =
              service.bySpanName.computeIfAbsent(spanName, k -> new AtomicReferenceArray<>(SLOTS));
          SpanSeries created = newSeries(Labels.of(
              "service_name", service.serviceName,
              "span_name", spanName,
              "span_kind", KINDS[slot / STATUSES.length],
              "status_code", STATUSES[slot % STATUSES.length]));
          slots.set(slot, created);
          limit.tryAdmit(); // cannot fail: the limit is only raised under this lock
          return created;
        }
      }
    }
    SpanSeries published = published(service, spanName, slot);
    if (published != null) {
      return published;
    }
    return overflowSample();
  }

  private SpanSeries overflowSample() {
    limit.countOverflowSample();
    return overflow();
  }

  private static SpanSeries published(ServiceSeries service, String spanName, int slot) {
    AtomicReferenceArray<SpanSeries> slots = service.bySpanName.get(spanName);
    return slots == null ? null : slots.get(slot);
  }

  private SpanSeries overflow() {
    SpanSeries o = overflow;
    if (o == null) {
      synchronized (this) {
        o = overflow;
        if (o == null) {
          o = newSeries(CardinalityLimit.OVERFLOW_LABELS);
          overflow = o;
        }
      }
    }
    return o;
  }

  private SpanSeries newSeries(Labels labels) {
    return new SpanSeries(labels, new Counter(), new SketchHistogram(config.significantDigits(),
        SketchHistogram.MICROS_PER_SECOND, config.durationBuckets()));
  }

  /** The service's series, or null once the cap is reached, so new names past it hold no memory. */
  private ServiceSeries service(String name) {
    ServiceSeries found = services.get(name);
    if (found != null) {
      return found;
    }
    if (limit.series() >= limit.maxSeries()) {
      // Look again: a racing creator puts its service in before it admits the series that filled
      // the limit, so having seen the limit full, this look sees that service.
      return services.get(name);
    }
    return services.computeIfAbsent(name, ServiceSeries::new);
  }

  private String capped(String value) {
    return LabelValues.truncate(value, config.maxLabelValueLength());
  }

  static String serviceName(Resource resource) {
    for (int i = 0, n = resource.getAttributesCount(); i < n; i++) {
      KeyValue kv = resource.getAttributes(i);
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValue();
      }
    }
    return UNKNOWN_SERVICE;
  }

  @Override
  public void restore(String sampleName, Labels labels, double value) {
    boolean calls = sampleName.equals("calls_total");
    if (!calls && !sampleName.startsWith("duration_seconds_")) {
      return;
    }
    String serviceName = labels.get("service_name");
    String spanName = labels.get("span_name");
    int kind = indexOf(KINDS, labels.get("span_kind"));
    int status = indexOf(STATUSES, labels.get("status_code"));
    if (serviceName == null || spanName == null || kind < 0 || status < 0) {
      return;
    }
    ServiceSeries service = service(capped(serviceName));
    if (service == null) {
      return;
    }
    SpanSeries series = find(service, capped(spanName), kind * STATUSES.length + status);
    if (calls) {
      series.calls().add((long) value);
    } else if (sampleName.equals("duration_seconds_bucket") && labels.get("le") != null) {
      String le = labels.get("le");
      series.duration().restoreBucket(config.durationBuckets(),
          "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), (long) value);
    } else if (sampleName.equals("duration_seconds_sum")) {
      series.duration().restoreSum(value);
    }
  }

  private static int indexOf(String[] values, String value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /** Samples that went to the overflow series because the series cap was reached. */
  public long overflowSamples() {
    return limit.overflowSamples();
  }

  @Override
  public void collect(MetricCollector collector) {
    collector.family("calls", MetricType.COUNTER, "Spans received, by service, span name, kind and status.");
    forEachSeries(s -> collector.sample(s.labels(), s.calls().get()));
    collector.family("duration_seconds", MetricType.HISTOGRAM, "Span durations in seconds.");
    forEachSeries(s -> collector.histogram(s.labels(), s.duration().snapshot(config.durationBuckets())));
    collector.family(
        "pipescope_aggregator_overflow_samples",
        MetricType.COUNTER,
        "Samples recorded into the otel_metric_overflow series because a metric reached its series cap.");
    collector.sample(Labels.of("metric", "calls"), limit.overflowSamples());
  }

  private void forEachSeries(java.util.function.Consumer<SpanSeries> action) {
    for (ServiceSeries service : services.values()) {
      for (AtomicReferenceArray<SpanSeries> slots : service.bySpanName.values()) {
        for (int i = 0; i < SLOTS; i++) {
          SpanSeries s = slots.get(i);
          if (s != null) {
            action.accept(s);
          }
        }
      }
    }
    SpanSeries o = overflow;
    if (o != null) {
      action.accept(o);
    }
  }
}
