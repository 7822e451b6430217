package io.pipescope.store.traces;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.pipescope.aggregator.SpanConsumer;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps every accepted span: each resource's spans are appended to the current segment as one
 * record, as they arrived; the index maps trace ids to the records holding them and keeps, per span,
 * the attributes a search filters on. Segments past the retention (age or total size) are deleted
 * whole, oldest first. Nothing is fsynced per batch: span counts are made durable by the span log,
 * and a batch the span log replays after a crash is stored again, so reads drop duplicate spans.
 */
public final class TraceStore implements SpanConsumer, MetricSource, Closeable {
  private static final Logger LOG = Logger.getLogger(TraceStore.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  /** Longer attribute values are not indexed (a search for them finds nothing). */
  private static final int MAX_INDEXED_VALUE_LENGTH = 256;

  private final TraceStoreOptions options;
  private final Clock clock;
  private final Map<String, TraceEntry> traces = new ConcurrentHashMap<>();
  private final List<TraceSegment> segments = new CopyOnWriteArrayList<>();
  /** Trace ids with records in each segment, so deleting a segment touches only its traces. */
  private final Map<Integer, Set<String>> tracesBySegment = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final AtomicLong spansWritten = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong segmentsDeleted = new AtomicLong();
  private TraceSegment head;

  private TraceStore(TraceStoreOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** Opens the store in {@code options.dir()}, indexing the segments already there. */
  public static TraceStore open(TraceStoreOptions options, Clock clock) throws IOException {
    Files.createDirectories(options.dir());
    TraceStore store = new TraceStore(options, clock);
    List<Path> files;
    try (Stream<Path> list = Files.list(options.dir())) {
      files = list.filter(p -> p.getFileName().toString().endsWith(TraceSegment.SUFFIX)).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      int id;
      try {
        id = Integer.parseInt(name.substring(0, name.length() - TraceSegment.SUFFIX.length()));
      } catch (NumberFormatException e) {
        continue;
      }
      TraceSegment segment = TraceSegment.open(file, id, (payload, offset) -> {
        try {
          store.index(ResourceSpans.parseFrom(payload), id, offset);
        } catch (InvalidProtocolBufferException e) {
          LOG.warning("span segment " + file + ": skipping an unreadable record at offset " + offset);
        }
      });
      store.segments.add(segment);
    }
    store.enforceRetention();
    return store;
  }

  @Override
  public void consume(List<ResourceSpans> batch) {
    long now = clock.millis();
    synchronized (writeLock) {
      try {
        for (ResourceSpans rs : batch) {
          // One record per resource as it arrived; the index points each of its traces at it.
          TraceSegment segment = writableSegment(now);
          long offset = segment.append(rs.toByteArray(), now);
          index(rs, segment.id, offset);
        }
      } catch (IOException e) {
        // The spans are counted already (the aggregators ran first): refusing the batch now would
        // make the client send it again and count it twice. Drill-down loses them; this is counted.
        writeFailures.incrementAndGet();
        LOG.log(Level.WARNING, "cannot store spans for drill-down: " + e.getMessage());
      }
    }
  }

  private TraceSegment writableSegment(long now) throws IOException {
    if (head == null || head.size() >= options.segmentBytes()
        || (head.size() > 0 && now - head.createdMillis() >= options.segmentAge().toMillis())) {
      if (head != null) {
        head.sync();
      }
      int id = segments.isEmpty() ? 1 : segments.get(segments.size() - 1).id + 1;
      head = TraceSegment.create(options.dir(), id, now);
      segments.add(head);
      enforceRetention();
    }
    return head;
  }

  private void index(ResourceSpans rs, int segment, long offset) {
    List<KeyValue> resourceAttributes = rs.getResource().getAttributesList();
    String service = "";
    List<String> resourceTags = new ArrayList<>();
    for (KeyValue kv : resourceAttributes) {
      if (kv.getKey().equals("service.name")) {
        service = kv.getValue().getStringValue();
      }
      addTag(resourceTags, kv);
    }
    String[] resourceTagArray = resourceTags.toArray(String[]::new);
    Map<ByteString, List<SpanInfo>> byTrace = new LinkedHashMap<>();
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      for (Span span : ss.getSpansList()) {
        List<String> tags = new ArrayList<>();
        for (KeyValue kv : span.getAttributesList()) {
          addTag(tags, kv);
        }
        byTrace.computeIfAbsent(span.getTraceId(), t -> new ArrayList<>())
            .add(new SpanInfo(spanIdAsLong(span.getSpanId()), span.getStartTimeUnixNano(),
                Math.max(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()), span.getName(), status(span),
                span.getParentSpanId().isEmpty(), tags.toArray(String[]::new)));
      }
    }
    for (Map.Entry<ByteString, List<SpanInfo>> e : byTrace.entrySet()) {
      String traceId = HEX.formatHex(e.getKey().toByteArray());
      TraceChunk chunk = new TraceChunk(segment, offset, service, resourceTagArray,
          e.getValue().toArray(SpanInfo[]::new));
      traces.computeIfAbsent(traceId, TraceEntry::new).add(chunk);
      tracesBySegment.computeIfAbsent(segment, s -> ConcurrentHashMap.newKeySet()).add(traceId);
      spansWritten.addAndGet(chunk.spans().length);
    }
  }

  private void addTag(List<String> tags, KeyValue kv) {
    if (!options.indexedAttributes().contains(kv.getKey())) {
      return;
    }
    String value = scalar(kv.getValue());
    if (value != null && value.length() <= MAX_INDEXED_VALUE_LENGTH) {
      tags.add(kv.getKey());
      tags.add(value);
    }
  }

  /** A string, integer, double or boolean value as text; null for arrays, maps and bytes. */
  static String scalar(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> null;
    };
  }

  private static String status(Span span) {
    return switch (span.getStatus().getCode()) {
      case STATUS_CODE_ERROR -> "error";
      case STATUS_CODE_OK -> "ok";
      default -> "unset";
    };
  }

  private static long spanIdAsLong(ByteString id) {
    long v = 0;
    for (int i = 0; i < Math.min(8, id.size()); i++) {
      v = (v << 8) | (id.byteAt(i) & 0xff);
    }
    return v;
  }

  /**
   * Every stored span of the trace ({@code traceId} in hex, any case), resources and scopes kept,
   * a span stored twice (a replayed batch) once; empty when the trace is unknown.
   */
  public Optional<TracesData> trace(String traceId) {
    TraceEntry entry = traces.get(traceId.toLowerCase(java.util.Locale.ROOT));
    if (entry == null) {
      return Optional.empty();
    }
    ByteString id = ByteString.copyFrom(HEX.parseHex(entry.traceId));
    TracesData.Builder out = TracesData.newBuilder();
    Set<ByteString> seen = new HashSet<>();
    for (TraceChunk chunk : entry.chunks()) {
      TraceSegment segment = segment(chunk.segment());
      if (segment == null) {
        continue;
      }
      ResourceSpans rs;
      try {
        rs = ResourceSpans.parseFrom(segment.read(chunk.offset()));
      } catch (IOException e) {
        // Deleted by retention between the lookup and the read, or unreadable: serve the rest.
        continue;
      }
      ResourceSpans.Builder kept = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
        for (Span s : ss.getSpansList()) {
          // A record holds every trace of its resource; a replayed batch stores spans twice.
          if (s.getTraceId().equals(id) && seen.add(s.getSpanId())) {
            scope.addSpans(s);
          }
        }
        if (scope.getSpansCount() > 0) {
          kept.addScopeSpans(scope);
        }
      }
      if (kept.getScopeSpansCount() > 0) {
        out.addResourceSpans(kept);
      }
    }
    return out.getResourceSpansCount() == 0 ? Optional.empty() : Optional.of(out.build());
  }

  private TraceSegment segment(int id) {
    for (TraceSegment s : segments) {
      if (s.id == id) {
        return s;
      }
    }
    return null;
  }

  /** The traces that meet {@code search}, newest first. */
  public List<TraceMatch> search(TraceSearch search) {
    List<TraceMatch> found = new ArrayList<>();
    for (TraceEntry entry : traces.values()) {
      long start = entry.startNanos();
      long end = entry.endNanos();
      long duration = end - start;
      if ((search.startNanos() > 0 && end < search.startNanos())
          || (search.endNanos() > 0 && start > search.endNanos())
          || (search.minDurationNanos() > 0 && duration < search.minDurationNanos())
          || (search.maxDurationNanos() > 0 && duration > search.maxDurationNanos())) {
        continue;
      }
      TraceMatch match = match(entry, search.tags());
      if (match != null) {
        found.add(match);
      }
    }
    found.sort(Comparator.comparingLong(TraceMatch::startNanos).reversed().thenComparing(TraceMatch::traceId));
    return found.size() > search.limit() ? List.copyOf(found.subList(0, search.limit())) : found;
  }

  private static TraceMatch match(TraceEntry entry, Map<String, String> tags) {
    List<TraceChunk> chunks = entry.chunks();
    SpanInfo root = null;
    TraceChunk rootChunk = null;
    String rootService = "";
    SpanInfo earliest = null;
    TraceChunk earliestChunk = null;
    String earliestService = "";
    List<TraceMatch.MatchedSpan> matched = new ArrayList<>();
    Set<Long> matchedIds = new HashSet<>();
    for (TraceChunk chunk : chunks) {
      for (SpanInfo s : chunk.spans()) {
        if (s.root() && root == null) {
          root = s;
          rootChunk = chunk;
          rootService = chunk.serviceName();
        }
        if (earliest == null || s.startNanos() < earliest.startNanos()) {
          earliest = s;
          earliestChunk = chunk;
          earliestService = chunk.serviceName();
        }
        if (!tags.isEmpty() && meets(s, chunk, tags) && matchedIds.add(s.spanId())) {
          if (matched.size() < 3) {
            Map<String, String> attributes = new TreeMap<>();
            tags.forEach((k, v) -> {
              if (!k.equals("name") && !k.equals("status")) {
                attributes.put(k, v);
              }
            });
            matched.add(new TraceMatch.MatchedSpan(String.format("%016x", s.spanId()), s.name(), s.startNanos(),
                s.endNanos() - s.startNanos(), attributes));
          }
        }
      }
    }
    if (!tags.isEmpty() && matchedIds.isEmpty()) {
      return null;
    }
    SpanInfo shown = root != null ? root : earliest;
    if (shown == null) {
      return null;
    }
    // The root's attributes; until the root arrives, the earliest span's (stages carry the feature's too).
    TraceChunk shownChunk = root != null ? rootChunk : earliestChunk;
    Map<String, String> rootAttributes = new TreeMap<>();
    for (int i = 0; i < shownChunk.resourceTags().length; i += 2) {
      rootAttributes.put(shownChunk.resourceTags()[i], shownChunk.resourceTags()[i + 1]);
    }
    for (int i = 0; i < shown.tags().length; i += 2) {
      rootAttributes.put(shown.tags()[i], shown.tags()[i + 1]);
    }
    return new TraceMatch(entry.traceId, root != null ? rootService : earliestService, shown.name(),
        entry.startNanos(), entry.endNanos() - entry.startNanos(), matched, matchedIds.size(), rootAttributes);
  }

  private static boolean meets(SpanInfo s, TraceChunk chunk, Map<String, String> tags) {
    for (Map.Entry<String, String> t : tags.entrySet()) {
      String want = t.getValue();
      String key = t.getKey();
      boolean ok = switch (key) {
        case "name" -> s.name().equals(want);
        case "status" -> s.status().equals(want) || want.equals(s.tag("status"));
        case "service.name" -> chunk.serviceName().equals(want);
        default -> want.equals(s.tag(key)) || want.equals(chunk.resourceTag(key));
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The tags a search can filter on that some stored span has, intrinsics included. */
  public Set<String> tagNames() {
    Set<String> names = new TreeSet<>(Set.of("name", "status", "service.name"));
    for (TraceEntry entry : traces.values()) {
      for (TraceChunk c : entry.chunks()) {
        for (int i = 0; i < c.resourceTags().length; i += 2) {
          names.add(c.resourceTags()[i]);
        }
        for (SpanInfo s : c.spans()) {
          for (int i = 0; i < s.tags().length; i += 2) {
            names.add(s.tags()[i]);
          }
        }
      }
      if (names.size() >= options.indexedAttributes().size() + 3) {
        break;
      }
    }
    return names;
  }

  /** The distinct values of tag {@code name} among stored spans, at most {@code limit}. */
  public Set<String> tagValues(String name, int limit) {
    Set<String> values = new TreeSet<>();
    for (TraceEntry entry : traces.values()) {
      for (TraceChunk c : entry.chunks()) {
        if (name.equals("service.name")) {
          values.add(c.serviceName());
        }
        String r = c.resourceTag(name);
        if (r != null) {
          values.add(r);
        }
        for (SpanInfo s : c.spans()) {
          String v = switch (name) {
            case "name" -> s.name();
            case "status" -> s.status();
            default -> s.tag(name);
          };
          if (v != null) {
            values.add(v);
          }
        }
      }
      if (values.size() >= limit) {
        break;
      }
    }
    return values.size() <= limit ? values : new TreeSet<>(values.stream().limit(limit).toList());
  }

  /**
   * Deletes whole segments, oldest first, whose last write is older than the retention, then while
   * the total size is over the size limit; the segment being written is never deleted.
   */
  public void enforceRetention() {
    synchronized (writeLock) {
      long now = clock.millis();
      long total = segments.stream().mapToLong(TraceSegment::size).sum();
      for (TraceSegment s : List.copyOf(segments)) {
        if (s == head) {
          break;
        }
        boolean expired = now - s.lastWriteMillis() > options.retention().toMillis();
        boolean overSize = options.retentionBytes() > 0 && total > options.retentionBytes();
        if (!expired && !overSize) {
          break;
        }
        total -= s.size();
        delete(s);
      }
    }
  }

  private void delete(TraceSegment s) {
    segments.remove(s);
    Set<String> ids = tracesBySegment.remove(s.id);
    if (ids != null) {
      for (String id : ids) {
        traces.computeIfPresent(id, (k, entry) -> entry.removeSegment(s.id) ? null : entry);
      }
    }
    try {
      s.close();
      Files.deleteIfExists(s.file);
      segmentsDeleted.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete span segment " + s.file, e);
    }
  }

  @Override
  public void collect(MetricCollector c) {
    c.family("pipescope_trace_store_traces", MetricType.GAUGE, "Traces kept for drill-down.");
    c.sample(Labels.empty(), traces.size());
    c.family("pipescope_trace_store_bytes", MetricType.GAUGE, "Bytes of span segments on disk.");
    c.sample(Labels.empty(), segments.stream().mapToLong(TraceSegment::size).sum());
    c.family("pipescope_trace_store_segments", MetricType.GAUGE, "Span segment files.");
    c.sample(Labels.empty(), segments.size());
    c.family("pipescope_trace_store_spans_written", MetricType.COUNTER, "Spans indexed since start (replays included).");
    c.sample(Labels.empty(), spansWritten.get());
    c.family("pipescope_trace_store_write_failures", MetricType.COUNTER,
        "Span batches that could not be stored for drill-down (their metrics are counted).");
    c.sample(Labels.empty(), writeFailures.get());
    c.family("pipescope_trace_store_segments_deleted", MetricType.COUNTER, "Span segments deleted by retention.");
    c.sample(Labels.empty(), segmentsDeleted.get());
  }

  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      for (TraceSegment s : segments) {
        if (s == head) {
          s.sync();
        }
        s.close();
      }
      segments.clear();
    }
  }
}
