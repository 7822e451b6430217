package io.pipescope.ingest.internal.remotewrite;

import io.pipescope.ingest.internal.Refusal;
import io.pipescope.ingest.internal.RefusedException;

/**
 * The header rules of remote write 1.0, checked before any body byte is read. Missing headers are
 * taken as 1.0 defaults, as Prometheus's own receiver does, so that minimal 1.0 senders keep working;
 * anything that names another format is refused with 415.
 */
final class RemoteWriteHeaders {
  static final String MEDIA_TYPE = "application/x-protobuf";
  static final String PROTO_V1 = "prometheus.WriteRequest";
  static final String PROTO_V2 = "io.prometheus.write.v2.Request";
  static final String ENCODING = "snappy";

  private RemoteWriteHeaders() {}

  /**
   * @param contentType the Content-Type header, or null
   * @param contentEncoding the Content-Encoding header, or null
   * @param version the X-Prometheus-Remote-Write-Version header, or null
   */
  static void check(String contentType, String contentEncoding, String version) throws RefusedException {
    checkContentType(contentType);
    if (!isBlank(contentEncoding) && !contentEncoding.trim().equalsIgnoreCase(ENCODING)) {
      throw refused("unsupported Content-Encoding '" + contentEncoding + "' (bodies are " + ENCODING
          + " block format); " + onlyV1());
    }
    // Spec 1.0 senders send 0.1.0; a 2.x version is a 2.0 sender whatever its Content-Type says.
    if (!isBlank(version) && !version.trim().startsWith("0.") && !version.trim().startsWith("1.")) {
      throw refused("remote write version " + version.trim() + " is not served; " + onlyV1());
    }
  }

  private static void checkContentType(String header) throws RefusedException {
    if (isBlank(header)) {
      return;
    }
    String[] parts = header.split(";");
    if (!parts[0].trim().equalsIgnoreCase(MEDIA_TYPE)) {
      throw refused("unsupported Content-Type '" + header + "'; " + onlyV1());
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq < 0) {
        throw refused("malformed Content-Type parameter '" + parameter + "' in '" + header + "'; " + onlyV1());
      }
      if (!parameter.substring(0, eq).trim().equalsIgnoreCase("proto")) {
        continue;
      }
      String proto = unquote(parameter.substring(eq + 1).trim());
      if (proto.equals(PROTO_V2)) {
        throw refused("remote write 2.0 (proto=" + PROTO_V2 + ") is not served; " + onlyV1());
      }
      if (!proto.equals(PROTO_V1)) {
        throw refused("unknown remote write message proto=" + proto + "; " + onlyV1());
      }
    }
  }

  private static String onlyV1() {
    return "pipescope serves remote write 1.0 only: Content-Type " + MEDIA_TYPE + " (" + PROTO_V1
        + "), Content-Encoding " + ENCODING;
  }

  private static RefusedException refused(String message) {
    return new RefusedException(Refusal.UNSUPPORTED_MEDIA_TYPE, message);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
