package io.pipescope.store.internal.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.store.SampleIterator;
import org.junit.jupiter.api.Test;

class XorChunkSeekTest {
  /** Samples at 1000, 2000, ... 5000 ms with values 1 to 5. */
  private static SampleIterator fiveSamples() {
    XorChunk chunk = new XorChunk();
    XorAppender appender = chunk.appender();
    for (int i = 1; i <= 5; i++) {
      appender.append(i * 1000L, i);
    }
    return chunk.iterator();
  }

  @Test
  void seekBeforeTheFirstSampleLandsOnIt() {
    SampleIterator it = fiveSamples();

    assertTrue(it.seek(Long.MIN_VALUE));
    assertEquals(1000, it.timestamp());
    assertEquals(1.0, it.value());
  }

  @Test
  void seekToAnExistingTimestampLandsOnThatSample() {
    SampleIterator it = fiveSamples();

    assertTrue(it.seek(3000));
    assertEquals(3000, it.timestamp());
    assertEquals(3.0, it.value());
  }

  @Test
  void seekBetweenSamplesLandsOnTheNextOne() {
    SampleIterator it = fiveSamples();

    assertTrue(it.seek(2001));
    assertEquals(3000, it.timestamp());
  }

  @Test
  void seekToTheLastTimestampLandsOnTheLastSample() {
    SampleIterator it = fiveSamples();

    assertTrue(it.seek(5000));
    assertEquals(5000, it.timestamp());
    assertFalse(it.next());
  }

  @Test
  void seekAfterTheLastSampleIsFalseAndTheIteratorStaysExhausted() {
    SampleIterator it = fiveSamples();

    assertFalse(it.seek(5001));
    assertFalse(it.next());
    assertFalse(it.seek(0));
  }

  @Test
  void seekNeverMovesBackwards() {
    SampleIterator it = fiveSamples();
    assertTrue(it.seek(4000));

    assertTrue(it.seek(2000));
    assertEquals(4000, it.timestamp());
    assertTrue(it.seek(4000));
    assertEquals(4000, it.timestamp());
  }

  @Test
  void nextAfterSeekContinuesWithTheFollowingSample() {
    SampleIterator it = fiveSamples();
    assertTrue(it.seek(2500));

    assertTrue(it.next());
    assertEquals(4000, it.timestamp());
    assertEquals(4.0, it.value());
  }

  @Test
  void seekAfterNextReturnedFalseIsFalse() {
    SampleIterator it = fiveSamples();
    while (it.next()) {
      // drain
    }

    assertFalse(it.seek(5000));
  }

  @Test
  void seekInAnEmptyChunkIsFalse() {
    assertFalse(new XorChunk().iterator().seek(Long.MIN_VALUE));
  }
}
