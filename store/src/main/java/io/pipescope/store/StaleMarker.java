package io.pipescope.store;

/**
 * Prometheus's staleness marker: a NaN with a fixed bit pattern (0x7ff0000000000002) that marks a
 * series as ended. It must be compared by bits, since every NaN compares unequal.
 */
public final class StaleMarker {
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleMarker() {}

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
