package io.pipescope.store.internal.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.storage.Appender;
import io.pipescope.aggregator.storage.SampleRejectedException;
import io.pipescope.store.LabelMatcher;
import io.pipescope.store.Querier;
import io.pipescope.store.SampleIterator;
import io.pipescope.store.SeriesSet;
import io.pipescope.store.StaleMarker;
import io.pipescope.store.internal.block.Block;
import io.pipescope.store.internal.block.BlockWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head's oldest two hours become a block that reads back exactly what the head held. */
class HeadToBlockTest {
  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;

  @Test
  void aCutAtAChunkRangeBoundaryWritesWholeChunksAndTheHeadForgetsThem() throws Exception {
    Head head = new Head(HeadLog.NONE);
    for (long t = 0; t < 5 * HOUR; t += 15_000) {
      Appender app = head.appender();
      for (int s = 0; s < 20; s++) {
        double v = t % (37 * 15_000) == 0 ? StaleMarker.VALUE : t / 1000.0 + s;
        app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, v);
      }
      app.commit();
    }
    List<long[]> expected = samples(head.querier(0, 2 * HOUR - 1));

    Path written = BlockWriter.write(dir, head.exportBlock(0, 2 * HOUR));
    try (Block block = Block.open(written)) {
      List<long[]> fromBlock = samples(block.querier(0, 2 * HOUR - 1));
      assertEquals(expected.size(), fromBlock.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(List.of(expected.get(i)[0], expected.get(i)[1], expected.get(i)[2]),
            List.of(fromBlock.get(i)[0], fromBlock.get(i)[1], fromBlock.get(i)[2]), "sample " + i);
      }
    }

    head.truncateBefore(2 * HOUR);
    assertTrue(samples(head.querier(0, 2 * HOUR - 1)).isEmpty(), "the head no longer holds the block's time");
    assertEquals(20 * (3 * HOUR / 15_000), samples(head.querier(2 * HOUR, 5 * HOUR)).size());
    Appender late = head.appender();
    SampleRejectedException tooOld = assertThrows(SampleRejectedException.class,
        () -> late.append(0, Labels.of("__name__", "m", "s", "new"), HOUR, 1));
    assertEquals(SampleRejectedException.Reason.TOO_OLD, tooOld.reason());
  }

  /** (series number, time, value bits) of every sample, in label then time order. */
  private static List<long[]> samples(Querier q) {
    List<long[]> out = new ArrayList<>();
    SeriesSet set = q.select(true, LabelMatcher.equal("__name__", "m"));
    while (set.next()) {
      long s = Long.parseLong(set.at().labels().get("s"));
      SampleIterator it = set.at().iterator();
      while (it.next()) {
        out.add(new long[] {s, it.timestamp(), Double.doubleToRawLongBits(it.value())});
      }
    }
    q.close();
    return out;
  }
}
