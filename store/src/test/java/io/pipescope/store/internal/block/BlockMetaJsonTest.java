package io.pipescope.store.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockMetaJsonTest {
  private static final Path FILE = Path.of("blocks", "01HZZZZZZZZZZZZZZZZZZZZZZZ", "meta.json");
  private static final String A = "01HQ3ZR1TDX4WB2V1R4Y8N6K0A";
  private static final String B = "01HQ40ABCDEFGHJKMNPQRSTVWX";

  private static final BlockMeta META = new BlockMeta(A, -5, Long.MAX_VALUE,
      new BlockMeta.Stats(3, 7, 840), new BlockMeta.Compaction(2, List.of(A, B)), 1);

  @Test
  void metaReadsBackAsWritten() throws Exception {
    assertEquals(META, BlockMetaJson.decode(FILE, BlockMetaJson.encode(META)));
    BlockMeta noSources = new BlockMeta(A, 0, 1, new BlockMeta.Stats(0, 0, 0), new BlockMeta.Compaction(1, List.of()), 1);
    assertEquals(noSources, BlockMetaJson.decode(FILE, BlockMetaJson.encode(noSources)));
  }

  @Test
  void theFileHasPrometheussFieldNamesAndShape() {
    String json = BlockMetaJson.encode(META);
    assertEquals("""
        {
        \t"ulid": "01HQ3ZR1TDX4WB2V1R4Y8N6K0A",
        \t"minTime": -5,
        \t"maxTime": 9223372036854775807,
        \t"stats": {
        \t\t"numSamples": 840,
        \t\t"numSeries": 3,
        \t\t"numChunks": 7
        \t},
        \t"compaction": {
        \t\t"level": 2,
        \t\t"sources": [
        \t\t\t"01HQ3ZR1TDX4WB2V1R4Y8N6K0A",
        \t\t\t"01HQ40ABCDEFGHJKMNPQRSTVWX"
        \t\t]
        \t},
        \t"version": 1
        }
        """, json);
  }

  @Test
  void membersInAnyOrderAndUnknownOnesAreAccepted() throws Exception {
    String json = "{\"version\":1,\"compaction\":{\"sources\":[\"" + A + "\"],\"level\":1,\"parents\":[]},"
        + "\"stats\":{\"numChunks\":1,\"numSeries\":1,\"numSamples\":2},\"maxTime\":10,\"minTime\":0,"
        + "\"ulid\":\"" + A + "\",\"thanos\":{\"labels\":{}}}";
    BlockMeta meta = BlockMetaJson.decode(FILE, json);
    assertEquals(new BlockMeta.Stats(1, 1, 2), meta.stats());
    assertEquals(List.of(A), meta.compaction().sources());
  }

  @Test
  void eachProblemNamesTheFileAndTheField() {
    Map<String, String> cases = Map.of(
        BlockMetaJson.encode(META).replace("\t\"minTime\": -5,\n", ""), "meta.json field minTime",
        BlockMetaJson.encode(META).replace("\"numSeries\": 3", "\"numSeries\": \"3\""), "meta.json field stats.numSeries",
        BlockMetaJson.encode(META).replace("\"ulid\": \"" + A, "\"ulid\": \"not-a-ulid"), "meta.json field ulid",
        BlockMetaJson.encode(META).replace("\"minTime\": -5", "\"minTime\": 9223372036854775807"), "meta.json field maxTime",
        BlockMetaJson.encode(META).replace("\"" + B + "\"", "7"), "meta.json field compaction.sources",
        "[1, 2]", "meta.json");
    cases.forEach((json, section) -> {
      CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> BlockMetaJson.decode(FILE, json));
      assertEquals(FILE, e.file());
      assertEquals(section, e.section(), e.getMessage());
      assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
    });
  }
}
