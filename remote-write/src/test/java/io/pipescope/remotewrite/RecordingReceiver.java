package io.pipescope.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.pipescope.proto.prometheus.Label;
import io.pipescope.proto.prometheus.Sample;
import io.pipescope.proto.prometheus.TimeSeries;
import io.pipescope.proto.prometheus.WriteRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A remote write receiver for tests: decodes every request (snappy, prometheus.WriteRequest), keeps
 * what arrived per series in arrival order, and answers what {@link #respond} says, 204 by default.
 * Can be stopped and started again on the same port, as a receiver that goes down and comes back.
 */
public final class RecordingReceiver implements AutoCloseable {
  /** The answer to one request; {@code store} says whether its samples count as arrived. */
  public record Answer(int status, String retryAfter, boolean store) {
    public static final Answer OK = new Answer(204, null, true);

    public static Answer status(int status) {
      return new Answer(status, null, false);
    }
  }

  /** One request as received. */
  public record Request(Map<String, String> headers, WriteRequest body) {}

  private final int port;
  private volatile Function<WriteRequest, Answer> respond = r -> Answer.OK;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, List<long[]>> samples = new ConcurrentHashMap<>();
  private HttpServer server;

  private RecordingReceiver(int port) {
    this.port = port;
  }

  public static RecordingReceiver start() throws IOException {
    RecordingReceiver r = new RecordingReceiver(0);
    r.listen(0);
    return r;
  }

  /** A receiver for a port nobody listens on yet: start it with {@link #up()}. */
  public static RecordingReceiver down() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new RecordingReceiver(s.getLocalPort());
    }
  }

  public synchronized void up() throws IOException {
    if (server == null) {
      listen(port);
    }
  }

  /** Stops listening: senders get connection refused. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public void respond(Function<WriteRequest, Answer> answer) {
    this.respond = answer;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/api/v1/write");
  }

  private synchronized int port() {
    return server != null ? server.getAddress().getPort() : port;
  }

  private void listen(int at) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 50);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "recording-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/api/v1/write", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    byte[] raw = new byte[(int) declaredLength(body)];
    new SnappyDecompressor().decompress(body, 0, body.length, raw, 0, raw.length);
    WriteRequest request = WriteRequest.parseFrom(raw);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
    synchronized (this) {
      requests.add(new Request(headers, request));
      notifyAll();
    }
    Answer answer = respond.apply(request);
    synchronized (this) {
      if (answer.store()) {
        for (TimeSeries ts : request.getTimeseriesList()) {
          List<long[]> list = samples.computeIfAbsent(key(ts.getLabelsList()), k -> new ArrayList<>());
          for (Sample s : ts.getSamplesList()) {
            list.add(new long[] {s.getTimestamp(), Double.doubleToRawLongBits(s.getValue())});
          }
        }
      }
      notifyAll();
    }
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
    }
    if (answer.status() == 204) {
      exchange.sendResponseHeaders(204, -1);
    } else {
      byte[] message = ("answer " + answer.status() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), message.length);
      exchange.getResponseBody().write(message);
    }
    exchange.close();
  }

  /** Series (labels as {@code {a="1", b="2"}}) to their samples as [timestamp, value bits], in arrival order. */
  public synchronized Map<String, List<long[]>> samples() {
    Map<String, List<long[]>> copy = new LinkedHashMap<>();
    new TreeMap<>(samples).forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  public synchronized int sampleCount() {
    return samples.values().stream().mapToInt(List::size).sum();
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits until {@code count} samples have arrived (stored), up to a generous limit. */
  public synchronized void awaitSamples(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (sampleCount() < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("only " + sampleCount() + " of " + count + " samples arrived in 30 s");
      }
      wait(left);
    }
  }

  /** Waits until at least {@code count} requests have arrived, stored or not. */
  public synchronized void awaitRequests(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (requests.size() < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("only " + requests.size() + " of " + count + " requests arrived in 30 s");
      }
      wait(left);
    }
  }

  public static String key(List<Label> labels) {
    StringBuilder b = new StringBuilder("{");
    for (Label l : labels) {
      b.append(b.length() > 1 ? ", " : "").append(l.getName()).append("=\"").append(l.getValue()).append('"');
    }
    return b.append('}').toString();
  }

  private static long declaredLength(byte[] block) {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      value |= (long) (block[i] & 0x7f) << (7 * i);
      if ((block[i] & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("not snappy");
  }

  @Override
  public void close() {
    stop();
  }
}
