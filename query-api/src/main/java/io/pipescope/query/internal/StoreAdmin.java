package io.pipescope.query.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.TimeSeriesStore;
import io.pipescope.store.internal.block.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's admin endpoints, served only when {@code api.enable_admin} is on (as Prometheus
 * serves its own only with --web.enable-admin-api): status, and deleting series by matcher.
 */
final class StoreAdmin {
  private final TimeSeriesStore store;

  StoreAdmin(TimeSeriesStore store) {
    this.store = store;
  }

  /** GET /api/v1/admin/store: series, samples, blocks, disk bytes, oldest and newest time. */
  FullHttpResponse status(FullHttpRequest request) {
    long[] range = store.timeRange();
    StringBuilder blocks = new StringBuilder("[");
    for (Block b : store.blocks()) {
      if (blocks.length() > 1) {
        blocks.append(',');
      }
      blocks.append("{\"ulid\":\"").append(b.meta().ulid()).append("\",\"minTime\":").append(b.meta().minTime())
          .append(",\"maxTime\":").append(b.meta().maxTime()).append(",\"samples\":")
          .append(b.meta().stats().numSamples()).append(",\"series\":").append(b.meta().stats().numSeries())
          .append(",\"level\":").append(b.meta().compaction().level()).append(",\"bytes\":").append(b.sizeBytes())
          .append('}');
    }
    blocks.append(']');
    long diskBytes;
    try {
      diskBytes = store.diskBytes();
    } catch (IOException e) {
      return ApiResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "cannot read the data directory: "
          + e.getMessage());
    }
    String data = "{\"headSeries\":" + store.numSeries() + ",\"headSamplesAppended\":" + store.numSamples()
        + ",\"headChunkBytes\":" + store.chunkBytes() + ",\"diskBytes\":" + diskBytes
        + ",\"minTime\":" + (range == null ? "null" : range[0]) + ",\"maxTime\":" + (range == null ? "null" : range[1])
        + ",\"blocks\":" + blocks + "}";
    return ApiResponses.success(data);
  }

  /**
   * POST or PUT /api/v1/admin/tsdb/delete_series with one or more {@code match[]} selectors (query
   * string or form body), as Prometheus's endpoint; series are deleted whole, so {@code start} and
   * {@code end} are refused rather than ignored. 204 on success.
   */
  FullHttpResponse deleteSeries(FullHttpRequest request) {
    List<String> selectors = new ArrayList<>();
    List<String> timeBounds = new ArrayList<>();
    collectParams(new QueryStringDecoder(request.uri()), selectors, timeBounds);
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      collectParams(new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8), false),
          selectors, timeBounds);
    }
    if (!timeBounds.isEmpty()) {
      return ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_data",
          "pipescope deletes series whole; leave out start and end");
    }
    if (selectors.isEmpty()) {
      return ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_data", "no match[] parameter provided");
    }
    List<LabelMatcher[]> parsed = new ArrayList<>();
    for (String selector : selectors) {
      try {
        Expr expr = Parser.parseExpr(selector);
        if (!(expr instanceof VectorSelector vs)) {
          return ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_data",
              "match[] must be a series selector, got: " + selector);
        }
        parsed.add(vs.matchers().toArray(LabelMatcher[]::new));
      } catch (ParseException e) {
        return ApiResponses.error(HttpResponseStatus.BAD_REQUEST, "bad_data", e.getMessage());
      }
    }
    try {
      for (LabelMatcher[] matchers : parsed) {
        store.deleteSeries(matchers);
      }
    } catch (IOException e) {
      return ApiResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "deleting failed: "
          + e.getMessage());
    }
    return ApiResponses.noContent();
  }

  private static void collectParams(QueryStringDecoder decoder, List<String> selectors, List<String> timeBounds) {
    selectors.addAll(decoder.parameters().getOrDefault("match[]", List.of()));
    timeBounds.addAll(decoder.parameters().getOrDefault("start", List.of()));
    timeBounds.addAll(decoder.parameters().getOrDefault("end", List.of()));
  }

}
