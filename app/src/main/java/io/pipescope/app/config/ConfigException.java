package io.pipescope.app.config;

/** A configuration problem, worded for the person who wrote the file or the flag. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
