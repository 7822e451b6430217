package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule unit tests in promtool's format pass against pipescope's rules and engine: the shipped
 * deploy/rules tests and the rework scenario (which promtool itself also passes, through the project's install script).
 */
class PromtoolRuleTestsTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path REWORK = Path.of("src", "test", "resources", "rules", "factory-rework.test.yml");

  @Test
  void shippedRecordingRuleTestsPass() throws Exception {
    assertEquals(List.of(), PromtoolRuleTests.run(Path.of("..", "deploy", "rules", "factory-recording.test.yml")));
  }

  @Test
  void shippedAlertingRuleTestsPassThroughPipescopesEngine() throws Exception {
    // ShippedRulesTest runs the same file through promtool.
    assertEquals(List.of(), PromtoolRuleTests.run(Path.of("..", "deploy", "rules", "factory-alerts.test.yml")));
  }

  @Test
  void reworkScenarioPassesHereAndInPromtool() throws Exception {
    assertEquals(List.of(), PromtoolRuleTests.run(REWORK));
    ensurePromtool();
    Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", REWORK.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void templatesRenderAsInPrometheus() throws Exception {
    Path templates = REWORK.resolveSibling("templates.test.yml");
    assertEquals(List.of(), PromtoolRuleTests.run(templates));
    ensurePromtool();
    Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", templates.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void differencesAreReported() throws Exception {
    List<String> failures = PromtoolRuleTests.run(REWORK.resolveSibling("wrong-expectation.test.yml"));
    assertEquals(2, failures.size(), failures.toString());
    assertEquals(": CheckerReworkRateHigh at 20m: want [{alertname=CheckerReworkRateHigh, checker_name=a, "
        + "severity=warning} {}], got []", failures.get(0));
    assertEquals(": checker:rework_ratio:rate15m at 20m: want [{__name__=checker:rework_ratio:rate15m, "
        + "checker_name=a} 0.250000000], got [{__name__=checker:rework_ratio:rate15m, checker_name=a} 0.500000000]",
        failures.get(1));
  }

  @Test
  void expandingNotation() {
    assertEquals(List.of(1.0, 3.0, 5.0, 7.0), PromtoolRuleTests.values("1+2x3"));
    assertEquals(List.of(5.0, 5.0, 5.0, 4.0), PromtoolRuleTests.values("5x2 4"));
    assertEquals(List.of(9.0, 8.0), PromtoolRuleTests.values("9-1x1"));
    assertEquals(3, PromtoolRuleTests.values("_ _x2").size());
  }

  /** Installs Debian's promtool through the project's script when missing; a failed install fails. */
  private static void ensurePromtool() {
    io.pipescope.query.testing.DebianPackages.ensure(io.pipescope.query.testing.DebianPackages.PROMETHEUS);
  }
}
