package io.pipescope.query.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.query.ApiBackends;
import io.pipescope.query.HttpApiConfig;
import io.pipescope.query.HttpApiServer;
import io.pipescope.store.internal.head.Head;
import io.pipescope.store.internal.head.HeadLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as a browser gets them: over a socket, so request paths reach the server
 * byte for byte (an HTTP client would normalise {@code ..} away before sending).
 */
class UiAssetsTest {
  private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"");
  private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([^']+)'");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

  private HttpApiServer server;
  private int port;

  /** A raw HTTP answer: status, headers with lower-case names, and body bytes. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new HttpApiServer(new HttpApiConfig("127.0.0.1", 0, false), List.of(),
        ApiBackends.NONE.withQueryable(new Head(HeadLog.NONE)));
    port = server.start().getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theDashboardPageIsHtmlThatAlwaysRevalidatesUnderAStrictContentSecurityPolicy() {
    Answer page = get("/");
    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.header("content-type"));
    assertEquals(UiAssets.REVALIDATE, page.header("cache-control"));
    assertEquals(UiAssets.CONTENT_SECURITY_POLICY, page.header("content-security-policy"));
    assertEquals("nosniff", page.header("x-content-type-options"));
    assertTrue(page.header("etag").matches("\"[0-9a-f]{32}\""), page.header("etag"));
    assertFalse(page.text().contains("{{uplot}}"), "uPlot's path is filled in");
    assertFalse(page.text().contains("<script>"), "no inline script: the policy would block it");
  }

  @Test
  void everyFileThePageLoadsIsServedWithItsContentType() {
    Set<String> files = referencedFiles();
    assertTrue(files.size() >= 12, "the page, its modules and uPlot: " + files);
    for (String path : files) {
      Answer a = get(path);
      assertEquals(200, a.status(), path);
      String extension = path.substring(path.lastIndexOf('.') + 1);
      assertEquals(TYPES.get(extension), a.header("content-type"), path);
      assertEquals(String.valueOf(a.body().length), a.header("content-length"), path);
      assertEquals("nosniff", a.header("x-content-type-options"), path);
      assertEquals(null, a.header("content-security-policy"), "only the page carries the policy: " + path);
    }
  }

  @Test
  void uplotComesFromTheWebJarUnderItsVersionAndIsCachedForever() throws IOException {
    String script = referencedFiles().stream().filter(p -> p.endsWith("/uPlot.iife.min.js")).findFirst().orElseThrow();
    Matcher version = Pattern.compile("^/ui/vendor/uplot/(\\d+\\.\\d+\\.\\d+)/uPlot\\.iife\\.min\\.js$").matcher(script);
    assertTrue(version.matches(), script);
    Answer a = get(script);
    assertEquals(UiAssets.IMMUTABLE, a.header("cache-control"));
    try (InputStream jar = getClass().getClassLoader().getResourceAsStream(
        "META-INF/resources/webjars/uplot/" + version.group(1) + "/dist/uPlot.iife.min.js")) {
      assertNotNull(jar, "the uplot WebJar is on the classpath");
      assertArrayEquals(jar.readAllBytes(), a.body());
    }
    assertEquals(UiAssets.REVALIDATE, get("/ui/dashboard.js").header("cache-control"), "our own files revalidate");
  }

  @Test
  void aFileTheBrowserHoldsIsNotSentAgain() {
    Answer first = get("/ui/dashboard.css");
    String etag = first.header("etag");
    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
      Answer again = get("/ui/dashboard.css", "If-None-Match: " + ifNoneMatch);
      assertEquals(304, again.status(), ifNoneMatch);
      assertEquals(0, again.body().length, ifNoneMatch);
      assertEquals(etag, again.header("etag"));
      assertEquals(UiAssets.REVALIDATE, again.header("cache-control"));
    }
    Answer changed = get("/ui/dashboard.css", "If-None-Match: \"0123\"");
    assertEquals(200, changed.status());
    assertArrayEquals(first.body(), changed.body());
  }

  @Test
  void unknownFilesAreNotFound() {
    for (String path : List.of("/ui/", "/ui", "/ui/nope.js", "/ui/DASHBOARD.JS", "/ui/dashboard.js/",
        "/ui/vendor/uplot/", "/ui/vendor/uplot/0.0.1/uPlot.iife.min.js", "/index.html", "/ui/index.html")) {
      assertEquals(404, get(path).status(), path);
    }
    String script = referencedFiles().stream().filter(p -> p.endsWith("/uPlot.iife.min.js")).findFirst().orElseThrow();
    String otherWebJarFile = script.replace("uPlot.iife.min.js", "uPlot.esm.js");
    assertEquals(404, get(otherWebJarFile).status(), "only the files the page loads are served: " + otherWebJarFile);
  }

  @Test
  void pathTraversalReachesNothingOutsideTheTable() {
    List<String> attempts = List.of(
        "/ui/../../../../../../etc/passwd",
        "/ui/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/ui/..%2f..%2f..%2fMETA-INF%2fMANIFEST.MF",
        "/ui/vendor/uplot/1.6.30/../../../../META-INF/MANIFEST.MF",
        "/ui/vendor/uplot/1.6.30/..%5c..%5cpackage.json",
        "/ui/./dashboard.js/../../io/pipescope/query/internal/UiAssets.class",
        "/ui/%2e%2e/io/pipescope/query/ui/index.html",
        "/ui/dashboard.js%00.css",
        "/../../../etc/passwd");
    for (String path : attempts) {
      Answer a = get(path);
      assertEquals(404, a.status(), path);
      String body = a.text();
      assertTrue(body.startsWith("404 page not found"), path + " answered " + body);
      assertFalse(body.contains("root:") || body.contains("Manifest-Version") || body.contains("\"version\""), path);
    }
  }

  @Test
  void headAnswersWithHeadersOnlyAndOtherMethodsAreRefused() {
    Answer head = send("HEAD", "/ui/dashboard.js", List.of());
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
    assertEquals("text/javascript; charset=utf-8", head.header("content-type"));
    Answer post = send("POST", "/", List.of("Content-Length: 0"));
    assertEquals(405, post.status());
    assertEquals("GET, HEAD", post.header("allow"));
  }

  @Test
  void withoutTheQueryApiThereIsNoDashboard() throws IOException {
    try (HttpApiServer bare = new HttpApiServer(new HttpApiConfig("127.0.0.1", 0, false), List.of())) {
      int barePort = bare.start().getPort();
      assertEquals(404, send(barePort, "GET", "/", List.of()).status());
      assertEquals(404, send(barePort, "GET", "/ui/dashboard.js", List.of()).status());
    }
  }

  /** The page's own references, then every module the page's scripts import. */
  private Set<String> referencedFiles() {
    Set<String> files = new LinkedHashSet<>();
    Matcher m = PAGE_REFERENCE.matcher(get("/").text());
    while (m.find()) {
      if (!m.group(1).equals("/") && m.group(1).startsWith("/ui/")) {
        files.add(m.group(1));
      }
    }
    List<String> toRead = new ArrayList<>(files.stream().filter(p -> p.startsWith("/ui/") && p.endsWith(".js")
        && !p.contains("/vendor/")).toList());
    while (!toRead.isEmpty()) {
      Matcher imports = MODULE_IMPORT.matcher(get(toRead.remove(0)).text());
      while (imports.find()) {
        if (files.add("/ui/" + imports.group(1))) {
          toRead.add("/ui/" + imports.group(1));
        }
      }
    }
    return files;
  }

  private Answer get(String path, String... headers) {
    return send("GET", path, List.of(headers));
  }

  private Answer send(String method, String path, List<String> headers) {
    return send(port, method, path, headers);
  }

  private static Answer send(int port, String method, String path, List<String> headers) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(raw, split + 4, raw.length - split - 4);
    return new Answer(status, headers, body.toByteArray());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("no end of headers in the answer");
  }
}
