package io.pipescope.query.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.function.Function;

/** One endpoint: the methods it answers and what it answers with. */
record Route(Set<HttpMethod> methods, Function<FullHttpRequest, FullHttpResponse> handler) {
  static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  static Route read(Function<FullHttpRequest, FullHttpResponse> handler) {
    return new Route(READ, handler);
  }
}
