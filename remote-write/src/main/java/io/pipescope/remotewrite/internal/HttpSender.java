package io.pipescope.remotewrite.internal;

import io.pipescope.remotewrite.RemoteWriteTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * POSTs encoded requests to one receiver with the headers of remote write 1.0
 * (https://prometheus.io/docs/specs/prw/remote_write_spec/#protocol) and classifies the answer.
 */
final class HttpSender {
  static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
  private static final String USER_AGENT = userAgent();
  /** Enough of an error body to log what the receiver objected to. */
  private static final int MAX_MESSAGE_BYTES = 256;

  private final RemoteWriteTarget target;
  private final HttpClient client;
  private final String authorization;
  private final LongSupplier clockMillis;

  HttpSender(RemoteWriteTarget target, LongSupplier clockMillis) {
    this.target = target;
    this.clockMillis = clockMillis;
    // HTTP/1.1 as Prometheus sends: the JDK's HTTP/2 default would add an h2c upgrade to plain http.
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(target.timeout())
        .build();
    this.authorization = target.basicAuth() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
        (target.basicAuth().username() + ":" + target.basicAuth().password()).getBytes(StandardCharsets.UTF_8));
  }

  SendAttempt post(byte[] body) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
        .timeout(target.timeout())
        .header("Content-Encoding", "snappy")
        .header("Content-Type", "application/x-protobuf")
        .header("User-Agent", USER_AGENT)
        .header(VERSION_HEADER, "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<InputStream> response;
    // sendAsync, so that closing (an interrupt) abandons a request the receiver does not answer.
    CompletableFuture<HttpResponse<InputStream>> sent =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try {
      response = sent.get();
    } catch (InterruptedException e) {
      sent.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      // Refused, reset, timed out: the receiver may be back soon (spec: retry).
      return new SendAttempt(SendAttempt.Outcome.RETRY, 0, 0, describe(e.getCause()));
    }
    int status = response.statusCode();
    String message = readMessage(response);
    if (status / 100 == 2) {
      return SendAttempt.stored(status);
    }
    String what = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    if (status / 100 == 5 || status == 429 && target.queue().retryOnHttp429()) {
      return new SendAttempt(SendAttempt.Outcome.RETRY, status,
          retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null), clockMillis.getAsLong()), what);
    }
    return new SendAttempt(SendAttempt.Outcome.DROP, status, 0, what);
  }

  /**
   * Retry-After (RFC 9110 section 10.2.3) as seconds or an HTTP date; 0 when absent, unreadable or
   * in the past, so the backoff applies.
   */
  static long retryAfterMillis(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds > 0 ? Math.multiplyExact(seconds, 1000L) : 0;
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, at.toEpochMilli() - nowMillis);
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }

  private static String readMessage(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] head = in.readNBytes(MAX_MESSAGE_BYTES);
      in.transferTo(OutputStream.nullOutputStream()); // read to the end, so the connection is reused
      String text = new String(head, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline);
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String userAgent() {
    String version = HttpSender.class.getPackage().getImplementationVersion();
    return version == null ? "pipescope" : "pipescope/" + version;
  }
}
