package io.pipescope.ingest.internal.remotewrite;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Remote write answers on netty: an empty 204, or the message as plain text, as Prometheus's
 * receiver answers (senders log the body as is and must not parse it, spec 1.0 "Labels").
 */
public final class PlainTextResponse {
  private PlainTextResponse() {}

  public static FullHttpResponse of(RemoteWriteReply reply) {
    return of(HttpResponseStatus.valueOf(reply.status()), reply.message());
  }

  public static FullHttpResponse of(HttpResponseStatus status, String message) {
    if (status.code() == HttpResponseStatus.NO_CONTENT.code()) {
      // A 204 has no body and, per RFC 9110, no Content-Length either.
      return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }
}
