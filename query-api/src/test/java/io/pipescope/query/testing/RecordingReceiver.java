package io.pipescope.query.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver on loopback that records each request body and answers a chosen status. */
public final class RecordingReceiver implements AutoCloseable {
  /** One request as received. */
  public record Request(String path, String contentType, String authorization, String body) {}

  private final int port;
  private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer server;

  private RecordingReceiver(int port) {
    this.port = port;
  }

  /** A receiver on a free port, not yet listening: connections are refused until {@link #start}. */
  public static RecordingReceiver onFreePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new RecordingReceiver(s.getLocalPort());
    }
  }

  public RecordingReceiver start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.add(new Request(exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
      int code = status.get();
      byte[] answer = (code / 100 == 2 ? "" : "receiver says no").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    server.start();
    return this;
  }

  public void answer(int code) {
    status.set(code);
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The next request, waiting up to {@code seconds}; null if none came. */
  public Request next(long seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  /** Every request received so far, without waiting. */
  public List<Request> drain() {
    List<Request> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  public void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
