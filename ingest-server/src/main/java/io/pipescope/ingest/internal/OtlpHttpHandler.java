package io.pipescope.ingest.internal;

import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.ingest.internal.remotewrite.PlainTextResponse;
import io.pipescope.ingest.internal.remotewrite.RemoteWriteHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * One OTLP/HTTP connection. Headers are checked before any body byte is kept (path, method,
 * Content-Type, Content-Encoding, declared length, an in-flight slot); body bytes are charged to
 * the request's lease as they arrive; the complete body is decoded and aggregated on a worker
 * thread while the connection stops reading, so a slow request pushes back on its own sender.
 * Prometheus remote write ({@code POST /api/v1/write}) is admitted and limited the same way; its
 * headers, body and answers are the {@link RemoteWriteHandler}'s.
 */
final class OtlpHttpHandler extends ChannelInboundHandlerAdapter {
  private final TraceIngestor traces;
  private final MetricsIngestor metricPoints;
  /** Null when no store was given: remote write then answers 404. */
  private final RemoteWriteHandler remoteWrite;
  private final IngestMetrics metrics;
  private final InflightLimiter limiter;
  private final IngestLimits limits;
  private final Executor workers;
  private final BooleanSupplier shuttingDown;

  /** How much of an over-size body is read and dropped before closing (Go's net/http reads 256 KiB). */
  private static final long OVERSIZE_DRAIN_BYTES = 256 * 1024;

  /** The request being received; null between requests and while dropping a refused body. */
  private Pending pending;
  /**
   * Bytes of a refused request's body still to read and drop, or -1 when not dropping. Reading
   * the rest of the body (rather than closing at once) lets the client read the refusal: closing
   * on a client that is still sending resets the connection and loses the response.
   */
  private long drainBudget = -1;
  /** Close once the dropped body has been read (after a 413: the connection is not reused). */
  private boolean closeAfterDrain;

  private static final class Pending {
    final long startNanos;
    final Signal signal;
    final OtlpEncoding encoding;
    final boolean gzipped;
    final boolean acceptsGzip;
    final boolean keepAlive;
    final InflightLease lease;
    ByteBuf body;
    long received;

    Pending(long startNanos, Signal signal, OtlpEncoding encoding, boolean gzipped, boolean acceptsGzip,
        boolean keepAlive, InflightLease lease) {
      this.startNanos = startNanos;
      this.signal = signal;
      this.encoding = encoding;
      this.gzipped = gzipped;
      this.acceptsGzip = acceptsGzip;
      this.keepAlive = keepAlive;
      this.lease = lease;
    }
  }

  enum Signal {
    TRACES("traces"), METRICS("metrics"), LOGS("logs"), REMOTE_WRITE("remote_write");

    final String label;

    Signal(String label) {
      this.label = label;
    }

    static Signal ofPath(String path) {
      return switch (path) {
        case "/v1/traces" -> TRACES;
        case "/v1/metrics" -> METRICS;
        case "/v1/logs" -> LOGS;
        case RemoteWriteHandler.PATH -> REMOTE_WRITE;
        default -> null;
      };
    }
  }

  OtlpHttpHandler(TraceIngestor traces, MetricsIngestor metricPoints, RemoteWriteHandler remoteWrite, IngestMetrics metrics,
      InflightLimiter limiter, IngestLimits limits, Executor workers, BooleanSupplier shuttingDown) {
    this.metricPoints = metricPoints;
    this.traces = traces;
    this.remoteWrite = remoteWrite;
    this.metrics = metrics;
    this.limiter = limiter;
    this.limits = limits;
    this.workers = workers;
    this.shuttingDown = shuttingDown;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        onHeaders(ctx, request);
      }
      if (msg instanceof HttpContent content) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHeaders(ChannelHandlerContext ctx, HttpRequest request) {
    long start = System.nanoTime();
    drainBudget = -1;
    if (!request.decoderResult().isSuccess()) {
      refuseEarly(ctx, start, null, HttpResponseStatus.BAD_REQUEST, OtlpEncoding.JSON,
          "malformed HTTP request: " + request.decoderResult().cause().getMessage());
      return;
    }
    String path = pathOf(request.uri());
    Signal signal = Signal.ofPath(path);
    String contentTypeHeader = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    OtlpEncoding encoding = OtlpEncoding.fromContentType(contentTypeHeader);
    OtlpEncoding replyEncoding = encoding != null ? encoding : OtlpEncoding.JSON;
    if (signal == null) {
      refuseEarly(ctx, start, null, HttpResponseStatus.NOT_FOUND, replyEncoding,
          "no such path: " + path + "; OTLP/HTTP accepts POST /v1/traces and POST /v1/metrics");
      return;
    }
    if (signal == Signal.LOGS) {
      refuseEarly(ctx, start, signal, HttpResponseStatus.NOT_FOUND, replyEncoding, GrpcLogsService.MESSAGE);
      return;
    }
    if (signal == Signal.REMOTE_WRITE && remoteWrite == null) {
      refuseEarly(ctx, start, signal, HttpResponseStatus.NOT_FOUND, replyEncoding, RemoteWriteHandler.NOT_ENABLED);
      return;
    }
    if (!HttpMethod.POST.equals(request.method())) {
      FullHttpResponse response = errorResponse(signal, HttpResponseStatus.METHOD_NOT_ALLOWED, replyEncoding,
          request.method() + " is not allowed on " + path + "; use POST");
      response.headers().set(HttpHeaderNames.ALLOW, "POST");
      sendEarly(ctx, start, signal, response);
      return;
    }
    boolean gzipped = false;
    if (signal == Signal.REMOTE_WRITE) {
      try {
        remoteWrite.checkHeaders(contentTypeHeader, request.headers().get(HttpHeaderNames.CONTENT_ENCODING),
            request.headers().get(RemoteWriteHandler.VERSION_HEADER));
      } catch (RefusedException refused) {
        refuse(ctx, start, signal, replyEncoding, refused);
        return;
      }
      // Remote write answers in plain text: Pending's OTLP encoding goes unused on this path.
      encoding = replyEncoding;
    } else {
      if (encoding == null) {
        metrics.refused(Transport.HTTP, Refusal.UNSUPPORTED_MEDIA_TYPE);
        refuseEarly(ctx, start, signal, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, replyEncoding,
            "unsupported Content-Type '" + contentTypeHeader + "'; use application/x-protobuf or application/json");
        return;
      }
      String contentEncoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "identity").trim();
      gzipped = contentEncoding.equalsIgnoreCase("gzip");
      if (!gzipped && !contentEncoding.equalsIgnoreCase("identity")) {
        metrics.refused(Transport.HTTP, Refusal.UNSUPPORTED_MEDIA_TYPE);
        refuseEarly(ctx, start, signal, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, encoding,
            "unsupported Content-Encoding '" + contentEncoding + "'; use gzip or none");
        return;
      }
    }
    long declared = HttpUtil.getContentLength(request, -1L);
    if (declared > limits.maxRequestBytes()) {
      refuse(ctx, start, signal, encoding, new RefusedException(Refusal.REQUEST_TOO_LARGE,
          "the body is " + declared + " bytes, more than the limit of " + limits.maxRequestBytes()
              + " (ingest.limits.max_request_bytes)"));
      return;
    }
    InflightLease lease;
    try {
      if (shuttingDown.getAsBoolean()) {
        throw new RefusedException(Refusal.SHUTTING_DOWN, "pipescope is shutting down; retry later");
      }
      lease = InflightLease.open(limiter);
    } catch (RefusedException refused) {
      refuse(ctx, start, signal, encoding, refused);
      return;
    }
    String acceptEncoding = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
    pending = new Pending(start, signal, encoding, gzipped, acceptEncoding.toLowerCase().contains("gzip"),
        HttpUtil.isKeepAlive(request), lease);
    pending.body = ctx.alloc().heapBuffer((int) Math.max(0, Math.min(declared, 64 * 1024)));
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (drainBudget >= 0) {
      drain(ctx, content);
      return;
    }
    Pending p = pending;
    if (p == null) {
      return;
    }
    ByteBuf chunk = content.content();
    int n = chunk.readableBytes();
    try {
      if ((long) p.body.readableBytes() + n > limits.maxRequestBytes()) {
        throw new RefusedException(Refusal.REQUEST_TOO_LARGE, "the body is more than the limit of "
            + limits.maxRequestBytes() + " bytes (ingest.limits.max_request_bytes)");
      }
      p.lease.acquire(n);
    } catch (RefusedException refused) {
      abandon(p);
      refuse(ctx, p.startNanos, p.signal, p.encoding, refused);
      if (drainBudget >= 0) {
        // Other refusals drop the body up to the limit in all; an over-size one, a fixed amount more.
        drainBudget -= closeAfterDrain ? 0 : p.received;
        drain(ctx, content);
      }
      return;
    }
    p.received += n;
    p.body.writeBytes(chunk);
    if (content instanceof LastHttpContent) {
      pending = null;
      ctx.channel().config().setAutoRead(false);
      try {
        workers.execute(() -> handle(ctx, p));
      } catch (RejectedExecutionException e) {
        abandon(p);
        ctx.channel().config().setAutoRead(true);
        refuse(ctx, p.startNanos, p.signal, p.encoding,
            new RefusedException(Refusal.SHUTTING_DOWN, "pipescope is shutting down; retry later"));
      }
    }
  }

  /** Decodes and aggregates (or, for remote write, stores) a complete request; runs on a worker thread. */
  private void handle(ChannelHandlerContext ctx, Pending p) {
    FullHttpResponse response;
    try {
      byte[] body = ByteBufUtil.getBytes(p.body);
      p.body.release();
      p.body = null;
      if (p.gzipped) {
        body = BoundedGunzip.inflate(body, limits.maxDecompressedBytes(), p.lease);
      }
      if (p.signal == Signal.REMOTE_WRITE) {
        response = PlainTextResponse.of(remoteWrite.receive(body, p.lease));
      } else {
        response = otlpReply(p, body);
      }
    } catch (RefusedException refused) {
      metrics.refused(Transport.HTTP, refused.refusal());
      response = refusalResponse(p.signal, p.encoding, refused);
    } catch (RuntimeException e) {
      response = errorResponse(p.signal, HttpResponseStatus.INTERNAL_SERVER_ERROR, p.encoding,
          "pipescope failed to handle the request: " + e);
    } finally {
      if (p.body != null) {
        p.body.release();
      }
      p.lease.close();
    }
    HttpUtil.setKeepAlive(response, p.keepAlive);
    metrics.request(Transport.HTTP, p.signal.label, Integer.toString(response.status().code()), p.startNanos);
    ctx.writeAndFlush(response).addListener(p.keepAlive ? f -> ctx.channel().config().setAutoRead(true)
        : ChannelFutureListener.CLOSE);
  }

  /** Decodes an OTLP request and answers it in its own encoding. */
  private FullHttpResponse otlpReply(Pending p, byte[] body) throws RefusedException {
    Message reply = switch (p.signal) {
      case TRACES -> {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        p.encoding.decode(body, request);
        yield traces.ingest(request.build(), Transport.HTTP);
      }
      case METRICS -> {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        p.encoding.decode(body, request);
        yield metricPoints.ingest(request.build(), Transport.HTTP);
      }
      case LOGS -> throw new IllegalStateException("logs are refused at the headers");
      case REMOTE_WRITE -> throw new IllegalStateException("remote write is not OTLP");
    };
    return response(HttpResponseStatus.OK, p.encoding, p.encoding.encode(reply), p.acceptsGzip);
  }

  private void abandon(Pending p) {
    if (p.body != null) {
      p.body.release();
      p.body = null;
    }
    p.lease.close();
    pending = null;
  }

  /** Refuses a request whose body has not been read: answers at once and closes the connection. */
  private void refuse(ChannelHandlerContext ctx, long start, Signal signal, OtlpEncoding encoding,
      RefusedException refused) {
    metrics.refused(Transport.HTTP, refused.refusal());
    sendEarly(ctx, start, signal, refusalResponse(signal, encoding, refused));
  }

  /** @param signal null when the request matched no path */
  private void refuseEarly(ChannelHandlerContext ctx, long start, Signal signal, HttpResponseStatus status,
      OtlpEncoding encoding, String message) {
    sendEarly(ctx, start, signal, errorResponse(signal, status, encoding, message));
  }

  /**
   * Answers before the body was read. The body is then read and dropped, up to
   * max_request_bytes; after an over-size body (413) the connection closes once the body is read,
   * or at once past {@link #OVERSIZE_DRAIN_BYTES} more (as Go's net/http lingers).
   */
  private void sendEarly(ChannelHandlerContext ctx, long start, Signal signal, FullHttpResponse response) {
    metrics.request(Transport.HTTP, signal == null ? "other" : signal.label,
        Integer.toString(response.status().code()), start);
    boolean oversize = response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code();
    if (oversize) {
      HttpUtil.setKeepAlive(response, false);
    }
    drainBudget = oversize ? OVERSIZE_DRAIN_BYTES : limits.maxRequestBytes();
    closeAfterDrain = oversize;
    ctx.writeAndFlush(response);
  }

  private void drain(ChannelHandlerContext ctx, HttpContent content) {
    drainBudget -= content.content().readableBytes();
    if (drainBudget < 0 || (content instanceof LastHttpContent && closeAfterDrain)) {
      drainBudget = -1;
      closeAfterDrain = false;
      ctx.close();
    } else if (content instanceof LastHttpContent) {
      drainBudget = -1;
    }
  }

  private FullHttpResponse refusalResponse(Signal signal, OtlpEncoding encoding, RefusedException refused) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(refused.refusal().httpStatus());
    FullHttpResponse response = errorResponse(signal, status, encoding, refused.getMessage());
    if (refused.refusal().retryable()) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(limits.retryAfterSeconds()));
    }
    return response;
  }

  /**
   * An error response in the form the path's senders read: plain text for remote write (as
   * Prometheus's receiver answers), a google.rpc.Status in the request's encoding for OTLP/HTTP.
   */
  private static FullHttpResponse errorResponse(Signal signal, HttpResponseStatus status, OtlpEncoding encoding,
      String message) {
    return signal == Signal.REMOTE_WRITE
        ? PlainTextResponse.of(status, message)
        : statusResponse(status, encoding, message, false);
  }

  /** An error response: a google.rpc.Status in the request's encoding, as OTLP/HTTP requires. */
  static FullHttpResponse statusResponse(HttpResponseStatus status, OtlpEncoding encoding, String message,
      boolean gzip) {
    com.google.rpc.Status body = com.google.rpc.Status.newBuilder()
        .setCode(grpcCodeFor(status))
        .setMessage(message)
        .build();
    return response(status, encoding, encoding.encode(body), gzip);
  }

  private static int grpcCodeFor(HttpResponseStatus status) {
    return switch (status.code()) {
      case 400, 413, 415 -> com.google.rpc.Code.INVALID_ARGUMENT_VALUE;
      case 404, 405 -> com.google.rpc.Code.UNIMPLEMENTED_VALUE;
      case 429, 503 -> com.google.rpc.Code.UNAVAILABLE_VALUE;
      default -> com.google.rpc.Code.INTERNAL_VALUE;
    };
  }

  private static FullHttpResponse response(HttpResponseStatus status, OtlpEncoding encoding, byte[] body,
      boolean gzip) {
    byte[] payload = gzip ? gzip(body) : body;
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(payload));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, encoding.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, payload.length);
    if (gzip) {
      response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
    }
    return response;
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new IllegalStateException("gzip into memory failed", e);
    }
    return out.toByteArray();
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (pending != null) {
      abandon(pending);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (pending != null) {
      abandon(pending);
    }
    ctx.close();
  }
}
