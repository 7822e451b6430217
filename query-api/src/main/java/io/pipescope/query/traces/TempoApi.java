package io.pipescope.query.traces;

import static io.pipescope.query.internal.JsonStrings.quote;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.pipescope.store.traces.TraceMatch;
import io.pipescope.store.traces.TraceSearch;
import io.pipescope.store.traces.TraceStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span store in the shape of Grafana Tempo's HTTP API, so Grafana can add pipescope as a Tempo
 * data source: {@code /api/traces/<id>} (OTLP/JSON or protobuf by {@code Accept}),
 * {@code /api/search} (tags in logfmt or a TraceQL equality selector, minDuration, maxDuration,
 * start, end, limit), {@code /api/search/tags}, {@code /api/search/tag/<name>/values} (and their
 * {@code /api/v2} forms) and {@code /api/echo}. docs/traces.md says what is not served.
 */
public final class TempoApi implements AutoCloseable {
  /** Tempo's default and largest search limit. */
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 1000;
  static final int MAX_TAG_VALUES = 1000;
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{1,32}");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");
  private static final Set<String> PATHS = Set.of("/api/search", "/api/search/tags", "/api/v2/search/tags",
      "/api/echo");

  /** One answer: status, content type and body bytes. */
  public record Answer(int status, String contentType, byte[] body) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static Answer text(int status, String text) {
      return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final TraceStore store;
  private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "trace-api");
    t.setDaemon(true);
    return t;
  });

  public TempoApi(TraceStore store) {
    this.store = store;
  }

  /** Whether {@code path} is one of the trace API's. */
  public static boolean serves(String path) {
    return PATHS.contains(path) || path.startsWith("/api/traces/") || path.startsWith("/api/v2/traces/")
        || path.startsWith("/api/search/tag/") || path.startsWith("/api/v2/search/tag/");
  }

  /** Answers on the API's own threads (reads touch the disk). */
  public CompletableFuture<Answer> handle(String method, String uri, String accept) {
    return CompletableFuture.supplyAsync(() -> answer(method, uri, accept), workers);
  }

  Answer answer(String method, String uri, String accept) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Answer.text(405, method + " is not allowed; the trace API is read-only\n");
    }
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    String path = decoder.path();
    Map<String, List<String>> params = decoder.parameters();
    try {
      if (path.startsWith("/api/traces/")) {
        return trace(path.substring("/api/traces/".length()), accept);
      }
      if (path.startsWith("/api/v2/traces/")) {
        return Answer.text(404, "the v2 trace-by-id endpoint is not served; use /api/traces/<id>\n");
      }
      return switch (path) {
        case "/api/echo" -> Answer.text(200, "echo");
        case "/api/search" -> search(params);
        case "/api/search/tags" -> Answer.json(200, "{\"tagNames\":" + array(store.tagNames()) + "}");
        case "/api/v2/search/tags" -> tagsV2();
        default -> tagValues(path);
      };
    } catch (IllegalArgumentException e) {
      return Answer.text(400, e.getMessage() + "\n");
    }
  }

  private Answer trace(String id, String accept) {
    if (!TRACE_ID.matcher(id).matches()) {
      return Answer.text(400, "trace id must be 1 to 32 hex digits, got '" + id + "'\n");
    }
    String padded = "0".repeat(32 - id.length()) + id.toLowerCase(Locale.ROOT);
    Optional<TracesData> trace = store.trace(padded);
    if (trace.isEmpty()) {
      return Answer.text(404, "trace not found: " + padded + "\n");
    }
    if (accept != null && accept.contains("application/protobuf")) {
      // tempopb.Trace is wire-compatible with OTLP's TracesData: field 1, repeated ResourceSpans.
      return new Answer(200, "application/protobuf", trace.get().toByteArray());
    }
    return Answer.json(200, OtlpJsonWriter.batches(trace.get()));
  }

  private Answer search(Map<String, List<String>> params) {
    Map<String, String> tags = new LinkedHashMap<>();
    String q = first(params, "q");
    if (q != null && !q.isBlank()) {
      tags.putAll(TraceQlSubset.tags(q));
    }
    String logfmt = first(params, "tags");
    if (logfmt != null) {
      tags.putAll(Logfmt.parse(logfmt));
    }
    int limit = first(params, "limit") == null ? DEFAULT_LIMIT : integer("limit", first(params, "limit"));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    long start = seconds("start", first(params, "start"));
    long end = seconds("end", first(params, "end"));
    if (start > 0 && end > 0 && end < start) {
      throw new IllegalArgumentException("end must not be before start");
    }
    List<TraceMatch> found = store.search(new TraceSearch(tags, duration("minDuration", first(params, "minDuration")),
        duration("maxDuration", first(params, "maxDuration")), start * 1_000_000_000L,
        end == 0 ? 0 : end * 1_000_000_000L + 999_999_999L, limit));
    StringBuilder b = new StringBuilder(256 + 256 * found.size()).append("{\"traces\":[");
    for (int i = 0; i < found.size(); i++) {
      TraceMatch m = found.get(i);
      b.append(i == 0 ? "" : ",").append("{\"traceID\":").append(quote(m.traceId()))
          .append(",\"rootServiceName\":").append(quote(m.rootServiceName()))
          .append(",\"rootTraceName\":").append(quote(m.rootTraceName()))
          .append(",\"startTimeUnixNano\":").append(quote(Long.toString(m.startNanos())))
          .append(",\"durationMs\":").append(m.durationNanos() / 1_000_000);
      if (!m.rootAttributes().isEmpty()) {
        // pipescope's addition to Tempo's result (clients ignore unknown fields): the feature's name.
        b.append(",\"rootAttributes\":{");
        int n = 0;
        for (Map.Entry<String, String> a : m.rootAttributes().entrySet()) {
          b.append(n++ == 0 ? "" : ",").append(quote(a.getKey())).append(':').append(quote(a.getValue()));
        }
        b.append('}');
      }
      if (!m.matchedSpans().isEmpty()) {
        String spanSet = spanSet(m);
        b.append(",\"spanSet\":").append(spanSet).append(",\"spanSets\":[").append(spanSet).append(']');
      }
      b.append('}');
    }
    b.append("],\"metrics\":{\"completedJobs\":1,\"totalJobs\":1}}");
    return Answer.json(200, b.toString());
  }

  private static String spanSet(TraceMatch m) {
    StringBuilder b = new StringBuilder("{\"spans\":[");
    for (int i = 0; i < m.matchedSpans().size(); i++) {
      TraceMatch.MatchedSpan s = m.matchedSpans().get(i);
      b.append(i == 0 ? "" : ",").append("{\"spanID\":").append(quote(s.spanId()))
          .append(",\"name\":").append(quote(s.name()))
          .append(",\"startTimeUnixNano\":").append(quote(Long.toString(s.startNanos())))
          .append(",\"durationNanos\":").append(quote(Long.toString(s.durationNanos())))
          .append(",\"attributes\":[");
      int n = 0;
      for (Map.Entry<String, String> a : s.attributes().entrySet()) {
        b.append(n++ == 0 ? "" : ",").append("{\"key\":").append(quote(a.getKey()))
            .append(",\"value\":{\"stringValue\":").append(quote(a.getValue())).append("}}");
      }
      b.append("]}");
    }
    return b.append("],\"matched\":").append(m.matchedCount()).append('}').toString();
  }

  private Answer tagsV2() {
    Set<String> names = new java.util.TreeSet<>(store.tagNames());
    names.removeAll(Set.of("name", "status"));
    return Answer.json(200, "{\"scopes\":[{\"name\":\"intrinsic\",\"tags\":[\"name\",\"status\"]},"
        + "{\"name\":\"span\",\"tags\":" + array(names) + "}]}");
  }

  private Answer tagValues(String path) {
    boolean v2 = path.startsWith("/api/v2/search/tag/");
    String rest = path.substring(v2 ? "/api/v2/search/tag/".length() : "/api/search/tag/".length());
    if (!rest.endsWith("/values") || rest.length() == "/values".length()) {
      return Answer.text(404, "404 page not found: " + path + "\n");
    }
    String name = QueryStringDecoder.decodeComponent(rest.substring(0, rest.length() - "/values".length()));
    Set<String> values = store.tagValues(v2 ? TraceQlSubset.stripScope(name) : name, MAX_TAG_VALUES);
    if (!v2) {
      return Answer.json(200, "{\"tagValues\":" + array(values) + "}");
    }
    StringBuilder b = new StringBuilder("{\"tagValues\":[");
    int n = 0;
    for (String v : values) {
      b.append(n++ == 0 ? "" : ",").append("{\"type\":\"string\",\"value\":").append(quote(v)).append('}');
    }
    return Answer.json(200, b.append("]}").toString());
  }

  private static String array(Set<String> values) {
    StringBuilder b = new StringBuilder("[");
    int n = 0;
    for (String v : values) {
      b.append(n++ == 0 ? "" : ",").append(quote(v));
    }
    return b.append(']').toString();
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }

  /** Unix seconds; 0 when absent. */
  private static long seconds(String name, String v) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be Unix seconds, got '" + v + "'");
    }
  }

  /** A Go duration (100ms, 1.5s, 2m30s) in nanoseconds; 0 when absent. */
  static long duration(String name, String v) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    Matcher m = GO_DURATION.matcher(v);
    double nanos = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    if (at != v.length() || at == 0) {
      throw new IllegalArgumentException(name + " must be a duration such as 100ms, 1.5s or 2m, got '" + v + "'");
    }
    return (long) nanos;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
