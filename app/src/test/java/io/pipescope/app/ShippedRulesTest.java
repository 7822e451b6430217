package io.pipescope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pipescope.app.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rule files shipped in deploy/rules are valid for Prometheus and compute what they claim. */
class ShippedRulesTest {
  private static final Path RULES = Path.of("..", "deploy", "rules");

  @Test
  void promtoolAcceptsEveryShippedRuleFile() throws IOException {
    List<Path> files = files(".yml", ".test.yml");
    assertFalse(files.isEmpty(), "no rule files found in " + RULES.toAbsolutePath());
    Promtool.Result result = Promtool.checkRules(files.toArray(Path[]::new));
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void ruleUnitTestsPass() throws IOException {
    List<Path> tests = files(".test.yml", null);
    assertFalse(tests.isEmpty(), "no rule unit tests found in " + RULES.toAbsolutePath());
    Promtool.Result result = Promtool.testRules(tests.toArray(Path[]::new));
    assertEquals(0, result.exitCode(), result.output());
  }

  private static List<Path> files(String suffix, String excluded) throws IOException {
    try (Stream<Path> all = Files.list(RULES)) {
      return all.filter(p -> p.toString().endsWith(suffix))
          .filter(p -> excluded == null || !p.toString().endsWith(excluded))
          .sorted()
          .toList();
    }
  }
}
