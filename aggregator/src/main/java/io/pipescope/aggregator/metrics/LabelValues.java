package io.pipescope.aggregator.metrics;

/** Rules every label value follows, whichever metric it is on. */
public final class LabelValues {
  private LabelValues() {}

  /**
   * Cuts a value to at most {@code max} chars without splitting a surrogate pair. Returns the same
   * instance when it is short enough (or null), so lookups on the hot path allocate nothing.
   */
  public static String truncate(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }
}
