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
import io.pipescope.query.Reloader;
import io.pipescope.query.api.ApiRequest;
import io.pipescope.query.api.PrometheusApi;
import io.pipescope.query.exposition.ExpositionFormat;
import io.pipescope.query.exposition.ExpositionWriter;
import io.pipescope.query.traces.TempoApi;
import io.pipescope.store.TimeSeriesStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Routes HTTP API requests; a table of paths so a new endpoint is one entry. */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String RELOAD_PATH = "/-/reload";
  /** One reload at a time, on a daemon thread: reloads are rare and must not block the event loop. */
  private static final Executor RELOADS = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "config-reload");
    t.setDaemon(true);
    return t;
  });

  private final Map<String, Route> routes;
  private final PrometheusApi prometheusApi;
  private final TempoApi tempoApi;
  private final boolean lifecycle;
  private final Reloader reloader;

  /**
   * @param admin null unless the admin endpoints are enabled and there is a store
   * @param prometheusApi when not null, answers the paths under /api/v1 the table does not hold
   * @param tempoApi when not null, answers the trace API's paths
   * @param lifecycle whether {@code POST /-/reload} calls {@code reloader} (403 otherwise, as
   *     Prometheus without --web.enable-lifecycle); {@code reloader} may be null
   */
  public ApiHandler(List<MetricSource> sources, TimeSeriesStore admin, PrometheusApi prometheusApi, TempoApi tempoApi,
      boolean lifecycle, Reloader reloader) {
    this.tempoApi = tempoApi;
    this.prometheusApi = prometheusApi;
    this.lifecycle = lifecycle;
    this.reloader = reloader;
    Map<String, Route> table = new HashMap<>(Map.of(
        "/metrics", Route.read(request -> metrics(request, sources)),
        "/-/healthy", Route.read(request -> text(HttpResponseStatus.OK, "pipescope is Healthy.\n")),
        "/-/ready", Route.read(request -> text(HttpResponseStatus.OK, "pipescope is Ready.\n"))));
    if (prometheusApi != null) {
      table.put("/graph", Route.read(ExpressionPage::render));
      table.putAll(UiAssets.routes());
    }
    if (admin != null) {
      StoreAdmin store = new StoreAdmin(admin);
      table.put("/api/v1/admin/store", Route.read(store::status));
      table.put("/api/v1/admin/tsdb/delete_series",
          new Route(Set.of(HttpMethod.POST, HttpMethod.PUT), store::deleteSeries));
    }
    this.routes = Map.copyOf(table);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    if (path.equals(RELOAD_PATH)) {
      serveReload(ctx, request);
      return;
    }
    Route route = routes.get(path);
    if (route == null && prometheusApi != null && PrometheusApi.serves(path)) {
      servePrometheusApi(ctx, request);
      return;
    }
    if (route == null && tempoApi != null && TempoApi.serves(path)) {
      serveTempoApi(ctx, request);
      return;
    }
    FullHttpResponse response;
    if (route == null) {
      response = text(HttpResponseStatus.NOT_FOUND, "404 page not found: " + path + "\n");
    } else if (!route.methods().contains(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + path + "\n");
      response.headers().set(HttpHeaderNames.ALLOW, String.join(", ",
          route.methods().stream().map(HttpMethod::name).sorted().toList()));
    } else {
      response = route.handler().apply(request);
    }
    write(ctx, response, HttpUtil.isKeepAlive(request), HttpMethod.HEAD.equals(request.method()));
  }

  /**
   * Reloads off the event loop (it reads files and waits for a running rule evaluation): 200 when
   * applied; 500 naming the problems when rejected, the loaded rules running on, as Prometheus.
   */
  private void serveReload(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.method().equals(HttpMethod.POST) && !request.method().equals(HttpMethod.PUT)) {
      FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
          "Only POST or PUT requests allowed\n");
      response.headers().set(HttpHeaderNames.ALLOW, "POST, PUT");
      write(ctx, response, keepAlive, false);
      return;
    }
    if (!lifecycle) {
      write(ctx, text(HttpResponseStatus.FORBIDDEN, "Lifecycle API is not enabled (api.enable_lifecycle).\n"),
          keepAlive, false);
      return;
    }
    CompletableFuture.runAsync(() -> {
      if (reloader != null) {
        reloader.reload();
      }
    }, RELOADS).whenComplete((ok, failure) -> ctx.executor().execute(() -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      write(ctx, cause == null ? text(HttpResponseStatus.OK, "")
          : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "failed to reload config: " + cause.getMessage() + "\n"),
          keepAlive, false);
    }));
  }

  /** Hands the request to the API's workers; the answer is written from the channel's event loop. */
  private void servePrometheusApi(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = HttpMethod.HEAD.equals(request.method());
    ApiRequest parsed;
    try {
      byte[] body = new byte[request.content().readableBytes()];
      request.content().getBytes(request.content().readerIndex(), body);
      parsed = ApiRequest.parse(request.method().name(), request.uri(),
          request.headers().get(HttpHeaderNames.CONTENT_TYPE), body, System.nanoTime());
    } catch (IllegalArgumentException e) {
      write(ctx, ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_data",
          "error parsing form values: " + e.getMessage()), keepAlive, head);
      return;
    }
    prometheusApi.handle(parsed).whenComplete((answer, failure) -> ctx.executor().execute(() -> {
      FullHttpResponse response = failure != null
          ? ApiResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "unexpected error: " + failure)
          : ApiResponses.text(HttpResponseStatus.valueOf(answer.status()), answer.contentType(), answer.body());
      write(ctx, response, keepAlive, head);
    }));
  }

  /** Trace reads touch the disk: answered from the trace API's workers, written from the event loop. */
  private void serveTempoApi(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = HttpMethod.HEAD.equals(request.method());
    tempoApi.handle(request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.ACCEPT))
        .whenComplete((answer, failure) -> ctx.executor().execute(() -> {
          FullHttpResponse response;
          if (failure != null) {
            response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "unexpected error: " + failure + "\n");
          } else {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
          }
          write(ctx, response, keepAlive, head);
        }));
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, boolean head) {
    HttpUtil.setKeepAlive(response, keepAlive);
    if (head) {
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
    return ApiResponses.text(HttpResponseStatus.OK, format.contentType(), out.toString());
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return ApiResponses.text(status, "text/plain; charset=utf-8", body);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
