package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UlidTest {
  @Test
  void theTimeIsTheFirstTenCharactersInCrockfordBase32() {
    // From the ULID spec's example: 1469918176385 ms encodes as 01ARYZ6S41.
    String ulid = Ulid.generate(1_469_918_176_385L, new Random(1));
    assertEquals("01ARYZ6S41", ulid.substring(0, 10));
    assertEquals(26, ulid.length());
    assertTrue(Ulid.isValid(ulid), ulid);
  }

  @Test
  void allOnesAndAllZerosEncodeAtTheEndsOfTheAlphabet() {
    Random zeros = new Random() {
      @Override
      public int nextInt() {
        return 0;
      }

      @Override
      public long nextLong() {
        return 0;
      }
    };
    Random ones = new Random() {
      @Override
      public int nextInt() {
        return -1;
      }

      @Override
      public long nextLong() {
        return -1;
      }
    };
    assertEquals("0".repeat(26), Ulid.generate(0, zeros));
    assertEquals("7" + "Z".repeat(25), Ulid.generate((1L << 48) - 1, ones));
  }

  @Test
  void idsSortAsTextInTimeOrder() {
    Random random = new Random(2);
    String previous = Ulid.generate(1, random);
    for (long t = 2; t < 1L << 47; t = t * 3 + random.nextInt(1000)) {
      String next = Ulid.generate(t, random);
      assertTrue(previous.compareTo(next) < 0, previous + " then " + next);
      previous = next;
    }
  }

  @Test
  void validationRejectsWrongLengthLettersOutsideTheAlphabetAndOverflow() {
    assertFalse(Ulid.isValid("01ARYZ6S41"));
    assertFalse(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FAU"), "U is not in Crockford's alphabet");
    assertFalse(Ulid.isValid("01aryz6s41tsv4rrffq69g5fav"), "written upper case");
    assertFalse(Ulid.isValid("81ARYZ6S41TSV4RRFFQ69G5FAV"), "more than 128 bits");
    assertFalse(Ulid.isValid(null));
    assertThrows(IllegalArgumentException.class, () -> Ulid.generate(1L << 48, new Random()));
  }
}
