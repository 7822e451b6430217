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
import io.pipescope.query.traces.TempoApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pipescope's HTTP API: {@code /metrics}, {@code /-/healthy}, {@code /-/ready}; with a queryable,
 * the Prometheus query API under {@code /api/v1} ({@link PrometheusApi}); and when enabled the
 * store's admin endpoints ({@code /api/v1/admin/store}, {@code /api/v1/admin/tsdb/delete_series}); with a
 * span store, the trace API in Grafana Tempo's shape ({@link TempoApi}).
 */
public final class HttpApiServer implements AutoCloseable {
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private final HttpApiConfig config;
  private final List<MetricSource> sources;
  private final ApiBackends backends;
  private final PrometheusApi prometheusApi;
  private final TempoApi tempoApi;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private Channel channel;

  /** Only {@code /metrics} and the health endpoints. */
  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources) {
    this(config, sources, ApiBackends.NONE);
  }

  public HttpApiServer(HttpApiConfig config, List<MetricSource> sources, ApiBackends backends) {
    this.config = config;
    this.sources = List.copyOf(sources);
    this.backends = backends;
    this.prometheusApi = backends.queryable() == null ? null
        : new PrometheusApi(backends.queryable(), this.sources, config.queryLimits(), BuildInfo.defaults(),
            backends.rules());
    this.tempoApi = backends.traces() == null ? null : new TempoApi(backends.traces());
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
                .addLast(new ApiHandler(sources, backends.admin(), prometheusApi, tempoApi, config.enableLifecycle(),
                    backends.reloader()));
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
    if (tempoApi != null) {
      tempoApi.close();
    }
  }
}
