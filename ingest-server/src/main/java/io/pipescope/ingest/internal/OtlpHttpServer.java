package io.pipescope.ingest.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.pipescope.ingest.IngestLimits;
import io.pipescope.ingest.internal.remotewrite.RemoteWriteHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * OTLP/HTTP on netty: {@code POST /v1/traces} and {@code /v1/metrics}, and Prometheus remote write
 * ({@code POST /api/v1/write}) beside them.
 */
final class OtlpHttpServer {
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final int IDLE_SECONDS = 120;

  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
  private Channel serverChannel;

  /** @param remoteWrite null when remote write is not enabled (its path then answers 404) */
  InetSocketAddress start(String host, int port, TraceIngestor traces, MetricsIngestor metricPoints,
      RemoteWriteHandler remoteWrite,
      IngestMetrics metrics, InflightLimiter limiter, IngestLimits limits, Executor workers,
      BooleanSupplier shuttingDown) throws InterruptedException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, io)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new CloseWhenIdle())
                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
                .addLast(new OtlpHttpHandler(traces, metricPoints, remoteWrite, metrics, limiter, limits, workers,
                    shuttingDown));
          }
        });
    serverChannel = bootstrap.bind(host, port).sync().channel();
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting connections; connections already open finish their current request. */
  void stopAccepting() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
  }

  void close() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Idle keep-alive connections are closed, as the Collector's HTTP server does. */
  private static final class CloseWhenIdle extends ChannelDuplexHandler {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      } else {
        super.userEventTriggered(ctx, evt);
      }
    }
  }
}
