package io.pipescope.query.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.query.exposition.ExpositionFormat;
import io.pipescope.query.exposition.ExpositionWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Routes HTTP API requests; a table of paths so a new endpoint is one entry. */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final Map<String, Function<FullHttpRequest, FullHttpResponse>> routes;

  public ApiHandler(List<MetricSource> sources) {
    this.routes = Map.of(
        "/metrics", request -> metrics(request, sources),
        "/-/healthy", request -> text(HttpResponseStatus.OK, "pipescope is Healthy.\n"),
        "/-/ready", request -> text(HttpResponseStatus.OK, "pipescope is Ready.\n"));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    Function<FullHttpRequest, FullHttpResponse> route = routes.get(path);
    FullHttpResponse response;
    if (route == null) {
      response = text(HttpResponseStatus.NOT_FOUND, "404 page not found: " + path + "\n");
    } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + path + "\n");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
    } else {
      response = route.apply(request);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (HttpMethod.HEAD.equals(request.method())) {
      response.content().clear();
    }
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse metrics(FullHttpRequest request, List<MetricSource> sources) {
    ExpositionFormat format = ExpositionFormat.negotiate(request.headers().get(HttpHeaderNames.ACCEPT));
    StringBuilder out = new StringBuilder(16 * 1024);
    ExpositionWriter writer = format.newWriter(out);
    for (MetricSource source : sources) {
      source.collect(writer);
    }
    writer.finish();
    return response(HttpResponseStatus.OK, format.contentType(), out.toString());
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(status, "text/plain; charset=utf-8", body);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
