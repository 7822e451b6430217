package io.pipescope.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A {@code basic_auth} section as Prometheus writes it: {@code username} and {@code password}, or
 * better {@code password_file} so the secret stays out of the configuration.
 */
public record BasicAuthConfig(String username, String password) {
  /** The section's credentials, or null when it is absent or empty. */
  static BasicAuthConfig read(ConfigTree auth) {
    String username = auth.string("username", "");
    String password = auth.string("password", "");
    String passwordFile = auth.string("password_file", "");
    if (username.isEmpty() && password.isEmpty() && passwordFile.isEmpty()) {
      return null;
    }
    if (username.isEmpty()) {
      throw new IllegalArgumentException("username is required");
    }
    if (!password.isEmpty() && !passwordFile.isEmpty()) {
      throw new IllegalArgumentException("give password or password_file, not both");
    }
    if (!passwordFile.isEmpty()) {
      try {
        password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read password_file " + passwordFile + ": " + e.getMessage());
      }
    }
    return new BasicAuthConfig(username, password);
  }

  /** The {@code Authorization} header value. */
  public String authorization() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
