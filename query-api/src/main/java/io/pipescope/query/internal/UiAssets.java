package io.pipescope.query.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard at {@code /} and the files it loads under {@code /ui/}: a fixed table of classpath
 * resources read once, when the API starts. A request path is only ever looked up in the table,
 * never resolved against a directory, so {@code ..} or {@code %2e%2e} can only miss it and get the
 * router's 404.
 */
final class UiAssets {
  private static final String OWN = "io/pipescope/query/ui/";
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  /** The page names uPlot's files under this token; the version comes from the WebJar itself. */
  private static final String UPLOT_TOKEN = "{{uplot}}";

  /** The dashboard's own files, served under {@code /ui/} by these names. */
  private static final List<String> OWN_FILES = List.of(
      "dashboard.css", "favicon.svg", "dashboard.js", "panels.js", "charts.js", "format.js", "prom.js",
      "alerts.js", "features.js", "timeline.js", "otlp.js");
  private static final List<String> UPLOT_FILES = List.of("uPlot.iife.min.js", "uPlot.min.css");

  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  /** Our files change with pipescope: the browser revalidates each load (a 304 when unchanged). */
  static final String REVALIDATE = "no-cache";
  /** uPlot's paths carry its version, so a path's bytes never change. */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /**
   * Scripts and styles only from pipescope itself, data only from its own APIs. Styles set from
   * script (uPlot sizes its elements) go through the CSSOM, which {@code style-src} does not cover.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private record Asset(byte[] bytes, String contentType, String etag, String cacheControl, boolean page) {}

  /** Loaded on first use, once per process: the API builds a handler, and so a table, per connection. */
  private static final class Loaded {
    static final Map<String, Route> ROUTES = build();
  }

  private UiAssets() {}

  /** The routes to add to the API's table: {@code /} and every file under {@code /ui/}. */
  static Map<String, Route> routes() {
    return Loaded.ROUTES;
  }

  private static Map<String, Route> build() {
    Map<String, Route> routes = new LinkedHashMap<>();
    for (Map.Entry<String, Asset> e : load().entrySet()) {
      Asset asset = e.getValue();
      routes.put(e.getKey(), Route.read(request -> serve(request, asset)));
    }
    return Map.copyOf(routes);
  }

  private static Map<String, Asset> load() {
    String uplotVersion = uplotVersion();
    String uplotBase = "/ui/vendor/uplot/" + uplotVersion + "/";
    Map<String, Asset> assets = new LinkedHashMap<>();
    String page = new String(read(OWN + "index.html"), StandardCharsets.UTF_8).replace(UPLOT_TOKEN, uplotBase);
    assets.put("/", asset("index.html", page.getBytes(StandardCharsets.UTF_8), REVALIDATE, true));
    for (String name : OWN_FILES) {
      assets.put("/ui/" + name, asset(name, read(OWN + name), REVALIDATE, false));
    }
    for (String name : UPLOT_FILES) {
      String resource = "META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/" + name;
      assets.put(uplotBase + name, asset(name, read(resource), IMMUTABLE, false));
    }
    return assets;
  }

  private static Asset asset(String name, byte[] bytes, String cacheControl, boolean page) {
    String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    if (type == null) {
      throw new IllegalStateException("no content type for dashboard file " + name);
    }
    return new Asset(bytes, type, etag(bytes), cacheControl, page);
  }

  private static FullHttpResponse serve(FullHttpRequest request, Asset asset) {
    boolean unchanged = matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), asset.etag());
    FullHttpResponse response = unchanged
        ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED)
        : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(asset.bytes()));
    response.headers()
        .set(HttpHeaderNames.ETAG, asset.etag())
        .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl())
        .set("X-Content-Type-Options", "nosniff");
    if (unchanged) {
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    } else {
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, asset.bytes().length);
    }
    if (asset.page()) {
      response.headers().set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    }
    return response;
  }

  /** If-None-Match compares weakly, and may list several tags or {@code *} (RFC 9110, 13.1.2). */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /** A strong validator: the first 16 bytes of the content's SHA-256, quoted as RFC 9110 wants. */
  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(UPLOT_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A missing file is a broken build: loading fails loudly (UiAssetsTest requests every file the page loads). */
  private static InputStream open(String resource) {
    InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("dashboard file missing from the classpath: " + resource);
    }
    return in;
  }
}
