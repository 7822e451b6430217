package io.pipescope.query.api;

import java.util.List;

/** An answer of the API: HTTP status, content type and body, built in the Prometheus envelope. */
public record ApiResponse(int status, String contentType, String body) {
  private static final String JSON = "application/json";
  /** Prometheus caps each list at ten entries and says how many it left out. */
  private static final int MAX_ANNOTATIONS = 10;

  /** {@code {"status":"success","data":...}} with the warnings and infos when there are any. */
  static ApiResponse success(String dataJson, List<String> warnings, List<String> infos) {
    StringBuilder sb = new StringBuilder(dataJson.length() + 40);
    sb.append("{\"status\":\"success\",\"data\":").append(dataJson);
    annotations(sb, "warnings", "warning", warnings);
    annotations(sb, "infos", "info", infos);
    return new ApiResponse(200, JSON, sb.append('}').toString());
  }

  public static ApiResponse success(String dataJson) {
    return success(dataJson, List.of(), List.of());
  }

  /** {@code {"status":"error","errorType":...,"error":...}} with the type's HTTP status. */
  static ApiResponse error(ErrorType type, String message) {
    return new ApiResponse(type.httpStatus(), JSON, "{\"status\":\"error\",\"errorType\":\"" + type.wireName()
        + "\",\"error\":" + Json.quote(message) + "}");
  }

  static ApiResponse text(int status, String body) {
    return new ApiResponse(status, "text/plain; charset=utf-8", body);
  }

  private static void annotations(StringBuilder sb, String field, String kind, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    sb.append(",\"").append(field).append("\":[");
    int shown = Math.min(items.size(), MAX_ANNOTATIONS);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append(',');
      }
      Json.quote(sb, items.get(i));
    }
    if (items.size() > shown) {
      sb.append(',');
      Json.quote(sb, (items.size() - shown) + " more " + kind + " annotations omitted");
    }
    sb.append(']');
  }
}
