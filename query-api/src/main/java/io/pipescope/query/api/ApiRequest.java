package io.pipescope.query.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API request as the endpoints see it: method, raw path, and the form values of the query
 * string and of a form-encoded POST body together, as Go's {@code r.Form}: body values first, so
 * {@link #value} prefers the body, as {@code r.FormValue} does.
 *
 * @param receivedNanos {@link System#nanoTime()} when it arrived; query timeouts count from here
 */
public record ApiRequest(String method, String rawPath, Map<String, List<String>> form, long receivedNanos) {
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  public ApiRequest {
    form = Map.copyOf(form);
  }

  /**
   * Reads the form from {@code uri} and, for a POST or PUT of {@code application/x-www-form-urlencoded},
   * from {@code body}.
   *
   * @throws IllegalArgumentException when either is not valid URL encoding
   */
  public static ApiRequest parse(String method, String uri, String contentType, byte[] body, long receivedNanos) {
    QueryStringDecoder url = new QueryStringDecoder(uri);
    Map<String, List<String>> form = new LinkedHashMap<>();
    boolean formBody = (method.equals("POST") || method.equals("PUT"))
        && contentType != null && contentType.toLowerCase().startsWith(FORM_TYPE);
    if (formBody && body.length > 0) {
      add(form, new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), false).parameters());
    }
    add(form, url.parameters());
    return new ApiRequest(method, url.rawPath(), form, receivedNanos);
  }

  private static void add(Map<String, List<String>> form, Map<String, List<String>> values) {
    values.forEach((k, v) -> form.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
  }

  /** The first value of the parameter, or "" when absent (Go's {@code FormValue}). */
  public String value(String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /** Every value of a repeated parameter such as {@code match[]}. */
  public List<String> values(String name) {
    return form.getOrDefault(name, List.of());
  }
}
