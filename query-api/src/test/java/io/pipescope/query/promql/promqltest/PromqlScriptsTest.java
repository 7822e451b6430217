package io.pipescope.query.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.query.promql.promqltest.PromqlScripts.EvalResult;
import io.pipescope.query.promql.promqltest.PromqlScripts.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner itself: it must fail what differs, or the conformance counts mean nothing. */
class PromqlScriptsTest {
  @TempDir
  Path dir;

  private List<Outcome> run(String script, Set<String> skips) throws Exception {
    Path file = dir.resolve("t.test");
    Files.writeString(file, script);
    return new PromqlScripts().run(file, skips).stream().map(EvalResult::outcome).toList();
  }

  @Test
  void seriesNotationExpandsAndComparesWithinTolerance() throws Exception {
    String script = """
        load 1m
          m{a="x"} 0+10x3 _ stale 7 1x2

        eval range from 0 to 8m step 1m m
          m{a="x"} 0 10 20 30 30 _ 7 1 1

        eval instant at 3m m
          m{a="x"} 30.0000001
        """;
    assertEquals(List.of(Outcome.PASSED, Outcome.PASSED), run(script, Set.of()));
  }

  @Test
  void wrongValueLabelsOrMissingErrorFail() throws Exception {
    String script = """
        load 1m
          m{a="x"} 1 2 3

        eval instant at 2m m
          m{a="x"} 4

        eval instant at 2m m
          m{a="y"} 3

        eval instant at 2m m
          expect fail

        load 1m
          m{a="y"} 1 2 3

        eval instant at 2m m + on() m
          expect fail msg: something else

        eval instant at 2m m + on() m
          expect fail regex: found duplicate series for the match group \\{\\}
        """;
    assertEquals(List.of(Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.PASSED),
        run(script, Set.of()));
  }

  @Test
  void orderedAndAnnotationsAreChecked() throws Exception {
    String script = """
        load 1m
          m{a="x"} 1
          m{a="y"} 2

        eval instant at 0m sort_desc(m)
          expect ordered
          m{a="x"} 1
          m{a="y"} 2

        eval instant at 0m quantile(2, m)
          expect no_warn
          {} +Inf

        eval instant at 0m quantile(2, m)
          expect warn msg: PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)
          {} +Inf
        """;
    assertEquals(List.of(Outcome.FAILED, Outcome.FAILED, Outcome.PASSED), run(script, Set.of()));
    assertEquals(Outcome.SKIPPED, run(script, Set.of("t.test:5")).get(0));
  }
}
