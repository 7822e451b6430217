package io.pipescope.query.notifier;

import java.net.URI;
import java.time.Duration;

/** Checks shared by the notification targets' settings. */
final class HttpTargets {
  private HttpTargets() {}

  static URI checkUrl(URI url, String what) {
    if (url == null || url.getScheme() == null || url.getHost() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException(what + " must be an absolute http:// or https:// URL, got '" + url + "'");
    }
    return url;
  }

  static void checkTimeout(Duration timeout) {
    if (timeout == null || timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** Extra request headers (an Authorization, a tenant id); pipescope's own headers cannot be replaced. */
  static java.util.Map<String, String> checkHeaders(java.util.Map<String, String> headers) {
    java.util.Set<String> reserved = java.util.Set.of("content-type", "content-length", "host", "connection",
        "user-agent", "expect", "upgrade");
    for (String name : headers.keySet()) {
      if (reserved.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("header " + name + " is set by pipescope and cannot be configured");
      }
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
        throw new IllegalArgumentException("'" + name + "' is not a header name");
      }
    }
    return java.util.Map.copyOf(headers);
  }

  static String withoutTrailingSlash(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
