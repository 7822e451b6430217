package io.pipescope.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.query.HttpApiConfig;
import io.pipescope.query.ApiBackends;
import io.pipescope.query.HttpApiServer;
import io.pipescope.store.Queryable;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An {@link HttpApiServer} on a free port over an in-memory head, and a client that reads its
 * answers as JSON. Tests load samples with {@link #add}.
 */
final class ApiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: HTTP status and body parsed as JSON. */
  record Answer(int status, JsonNode json, String body) {
    JsonNode data() {
      return json.get("data");
    }

    /** Asserts an error answer and returns its message. */
    String error(int expectedStatus, String expectedType) {
      assertEquals(expectedStatus, status, body);
      assertEquals("error", json.get("status").asText(), body);
      assertEquals(expectedType, json.get("errorType").asText(), body);
      return json.get("error").asText();
    }

    /** Asserts a success answer and returns its data. */
    JsonNode success() {
      assertEquals(200, status, body);
      assertEquals("success", json.get("status").asText(), body);
      return json.get("data");
    }
  }

  final Head head = new Head(HeadLog.NONE);
  private final HttpApiServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  ApiServer() {
    this(QueryLimits.defaults(), null, List.of());
  }

  /** Over {@code queryable} when not null, else over {@link #head}. */
  ApiServer(QueryLimits limits, Queryable queryable, List<MetricSource> sources) {
    server = new HttpApiServer(new HttpApiConfig("127.0.0.1", 0, false, limits), sources,
        ApiBackends.NONE.withQueryable(queryable == null ? head : queryable));
    try {
      base = "http://127.0.0.1:" + server.start().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one sample per (labels, time in seconds, value) and commits. */
  ApiServer add(Labels labels, long... timesAndValues) {
    Appender a = head.appender();
    try {
      for (int i = 0; i < timesAndValues.length; i += 2) {
        a.append(0, labels, timesAndValues[i] * 1000, timesAndValues[i + 1]);
      }
      a.commit();
    } catch (IOException | SampleRejectedException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  ApiServer addValue(Labels labels, long seconds, double value) {
    Appender a = head.appender();
    try {
      a.append(0, labels, seconds * 1000, value);
      a.commit();
    } catch (IOException | SampleRejectedException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  String baseUrl() {
    return base;
  }

  /** GET of a path with a query string given as name, value pairs (encoded here). */
  Answer get(String path, String... params) {
    String query = encode(params);
    return send(HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query))).GET());
  }

  /** POST of the parameters as an application/x-www-form-urlencoded body. */
  Answer post(String path, String... params) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(params))));
  }

  /** GET of a raw path and query, sent as written. */
  Answer raw(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().startsWith("{") ? JSON.readTree(r.body()) : null;
      return new Answer(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String encode(String... params) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < params.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(params[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** Parses the expected JSON, written with single quotes for readability. */
  static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
