package io.pipescope.query.rules;

/** A label or annotation template that does not parse, or fails while it is expanded. */
public final class TemplateException extends Exception {
  public TemplateException(String message) {
    super(message);
  }
}
