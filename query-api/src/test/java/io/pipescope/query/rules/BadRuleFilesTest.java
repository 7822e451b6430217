package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of bad rule files in {@code src/test/resources/rules/bad}: each starts with
 * {@code # rejects: line:column: reason}, the problem RuleFiles must report. Debian's promtool
 * (installed by the project's script if missing) must reject each too, and accept the good files.
 */
class BadRuleFilesTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path RESOURCES = Path.of("src", "test", "resources", "rules");

  static Stream<Path> badFiles() throws IOException {
    try (Stream<Path> files = Files.list(RESOURCES.resolve("bad"))) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  static Stream<Path> goodFiles() throws IOException {
    List<Path> shipped;
    try (Stream<Path> files = Files.list(Path.of("..", "deploy", "rules"))) {
      shipped = files.filter(p -> p.toString().endsWith(".yml") && !p.toString().endsWith(".test.yml")).toList();
    }
    return Stream.concat(Stream.of(RESOURCES.resolve("factory-rework.yml")), shipped.stream());
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void rejectedWithLineAndReason(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String expected = text.lines().findFirst().orElseThrow().replaceFirst("^# rejects: ", "");
    RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFiles.load(file));
    String got = e.problems().get(0).toString();
    assertTrue(got.startsWith(file + ":" + expected), got);
    ensurePromtool();
    assertNotEquals(0, promtool(file), "promtool accepts " + file);
  }

  @ParameterizedTest
  @MethodSource("goodFiles")
  void accepted(Path file) throws Exception {
    assertTrue(!RuleFiles.load(file).isEmpty());
    ensurePromtool();
    assertEquals(0, promtool(file), "promtool rejects " + file);
  }

  private static int promtool(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", file.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  /** Installs Debian's promtool through the project's script when missing; a failed install fails. */
  private static void ensurePromtool() {
    io.pipescope.query.testing.DebianPackages.ensure(io.pipescope.query.testing.DebianPackages.PROMETHEUS);
  }
}
