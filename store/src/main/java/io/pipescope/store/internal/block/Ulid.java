package io.pipescope.store.internal.block;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Block ids as Prometheus makes them: ULIDs (github.com/ulid/spec), 48 bits of milliseconds then
 * 80 random bits, written as 26 Crockford base-32 characters. Ids sort as text in creation order
 * (to the millisecond), so a directory listing lists blocks oldest first.
 */
final class Ulid {
  static final int LENGTH = 26;
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final long MAX_TIME = (1L << 48) - 1;
  private static final Random RANDOM = new SecureRandom();

  private Ulid() {}

  static String generate() {
    return generate(System.currentTimeMillis(), RANDOM);
  }

  static String generate(long timeMillis, Random random) {
    if (timeMillis < 0 || timeMillis > MAX_TIME) {
      throw new IllegalArgumentException("a ULID holds 48 bits of milliseconds; got " + timeMillis);
    }
    long high = timeMillis << 16 | (random.nextInt() & 0xFFFF);
    long low = random.nextLong();
    // 26 characters carry 130 bits: the 128 of the id after two leading zero bits.
    char[] text = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      int value = 0;
      for (int bit = i * 5 - 2; bit < i * 5 + 3; bit++) {
        value = value << 1 | bitAt(high, low, bit);
      }
      text[i] = ALPHABET.charAt(value);
    }
    return new String(text);
  }

  /** Bit {@code index} of the 128-bit number, counted from the most significant; 0 before it. */
  private static int bitAt(long high, long low, int index) {
    if (index < 0) {
      return 0;
    }
    return (int) (index < 64 ? high >>> (63 - index) : low >>> (127 - index)) & 1;
  }

  /** Whether {@code s} is a ULID as {@link #generate} writes them (upper case). */
  static boolean isValid(String s) {
    if (s == null || s.length() != LENGTH || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
