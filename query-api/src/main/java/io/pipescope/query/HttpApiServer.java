package io.pipescope.query;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.query.api.BuildInfo;
import io.pipescope.query.api.PrometheusApi;
import io.pipescope.query.internal.ApiHandler;
import io.pipescope.query.rules.RulesSnapshot;
import io.pipescope.store.Queryable;
import io.pipescope.store.TimeSeriesStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * pipescope's HTTP API: {@code /metrics}, {@code /-/healthy}, {@code /-/ready}; with a queryable,
 * the Prometheus query API under {@code /api/v1} ({@link PrometheusApi}); and when enabled the
 * store's admin endpoints ({@code /api/v1/admin/store}, {@code /api/v1/admin/tsdb/delete_series}).
 */
public final class HttpApiServer implements AutoCloseable {
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private final HttpApiConfig config;
  private final List<MetricSource> sources;
  private final TimeSeriesStore admin;
  private final PrometheusApi prometheusApi;
  private final Reloader reloader;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private Channel channel;

  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources) {
    this(config, sources, null);
  }

  /** With the store's admin endpoints when {@code admin} is not null. */
  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources, TimeSeriesStore admin) {
    this(config, sources, admin, null);
  }

  /**
   * With the Prometheus query API over {@code queryable} when it is not null, and the store's admin
   * endpoints when {@code admin} is not null.
   */
  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources, TimeSeriesStore admin, Queryable queryable) {
    this(config, sources, admin, queryable, null);
  }

  /** As above, with {@code rules} (may be null: none loaded) behind /api/v1/rules and /api/v1/alerts. */
  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources, TimeSeriesStore admin, Queryable queryable,
      Supplier<RulesSnapshot> rules) {
    this(config, sources, admin, queryable, rules, null);
  }

  /** As above, with {@code reloader} (may be null: nothing to reload) behind {@code POST /-/reload}. */
  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources, TimeSeriesStore admin, Queryable queryable,
      Supplier<RulesSnapshot> rules, Reloader reloader) {
    this.config = config;
    this.reloader = reloader;
    this.sources = List.copyOf(sources);
    this.admin = admin;
    this.prometheusApi = queryable == null ? null
        : new PrometheusApi(queryable, this.sources, config.queryLimits(), BuildInfo.defaults(), rules);
  }

  public InetSocketAddress start() throws IOException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(new ApiHandler(sources, admin, prometheusApi, config.enableLifecycle(), reloader));
          }
        });
    try {
      channel = bootstrap.bind(config.bindHost(), config.port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the HTTP API", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen for the HTTP API on " + config.bindHost() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    return address();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (prometheusApi != null) {
      prometheusApi.close();
    }
  }
}
