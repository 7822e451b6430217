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

  static String withoutTrailingSlash(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
