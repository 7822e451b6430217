package io.pipescope.app.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * pipescope's origin with a trace API in front: {@code GET /api/search} and
 * {@code GET /api/traces/<id>} answer fixed Tempo-shaped documents, and every other request goes
 * through to pipescope. The dashboard's features panel can so be tested against the trace API's
 * contract before pipescope serves it; the requests it made are kept for assertions.
 */
public final class TraceApiStub implements AutoCloseable {
  /** A request the stub answered itself. */
  public record Request(String pathAndQuery, String accept) {}

  private static final List<String> PASSED_REQUEST_HEADERS = List.of("Accept", "If-None-Match");
  private static final List<String> PASSED_RESPONSE_HEADERS = List.of("Content-Type", "Cache-Control", "ETag",
      "Content-Security-Policy", "X-Content-Type-Options", "Allow");

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  private final HttpClient client = HttpClient.newHttpClient();
  private final String upstream;
  private final String search;
  private final Map<String, String> traces;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /**
   * @param search the body of every {@code /api/search} answer
   * @param traces trace id to the body of {@code /api/traces/<id>}; other ids are 404
   */
  public TraceApiStub(String upstream, String search, Map<String, String> traces) {
    this.upstream = upstream;
    this.search = search;
    this.traces = Map.copyOf(traces);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A classpath resource as text, for the fixture documents. */
  public static String resource(String name) {
    try (InputStream in = TraceApiStub.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (path.equals("/api/search") || path.startsWith("/api/traces/")) {
        requests.add(new Request(path + (query == null ? "" : "?" + query),
            exchange.getRequestHeaders().getFirst("Accept")));
        String body = path.equals("/api/search") ? search : traces.get(path.substring("/api/traces/".length()));
        if (body == null) {
          answer(exchange, 404, "application/json", "{\"error\":\"trace not found\"}");
        } else {
          answer(exchange, 200, "application/json", body);
        }
        return;
      }
      pass(exchange, path + (query == null ? "" : "?" + query));
    }
  }

  private void pass(HttpExchange exchange, String pathAndQuery) throws IOException {
    byte[] sent = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery)).method(
        exchange.getRequestMethod(),
        sent.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(sent));
    for (String name : PASSED_REQUEST_HEADERS) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    for (String name : PASSED_RESPONSE_HEADERS) {
      response.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
    }
    byte[] body = response.body();
    boolean empty = body.length == 0 || response.statusCode() == 304 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : body.length);
    if (!empty) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
