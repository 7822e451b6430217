package io.pipescope.query.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabelsHashTest {
  // Reference values of XXH64 with seed 0 (xxhsum, cespare/xxhash, python-xxhash docs).
  @Test
  void xxh64MatchesReferenceValues() {
    assertEquals(0xef46db3751d8e999L, LabelsHash.xxh64(new byte[0]));
    assertEquals(0xd24ec4f1a98c6e5bL, LabelsHash.xxh64("a".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0x44bc2cf5ad770999L, LabelsHash.xxh64("abc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0xfbcea83c8a378bf1L, LabelsHash.xxh64(
        "Nobody inspects the spammish repetition".getBytes(StandardCharsets.UTF_8)));
  }
}
