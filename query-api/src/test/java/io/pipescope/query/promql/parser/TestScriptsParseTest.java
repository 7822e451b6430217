package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code eval} of Prometheus's own test scripts ({@code ../shared/promql-testdata/*.test})
 * parses, with all experimental features on as Prometheus runs them, and prints back to text that
 * parses to the same text.
 *
 * <p>Prometheus parses each eval's expression when it loads a script and rejects the script if one
 * does not parse, so an {@code expect fail} there is always an evaluation failure. An eval is taken
 * to expect a parse failure only if its expected message says "parse error"; such evals must fail.
 */
class TestScriptsParseTest {
  // The eval line forms of promqltest (test.go: patEvalInstant, patEvalRange).
  private static final Pattern INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT_FAIL = Pattern.compile("^expect\\s+fail(?:\\s+(regex|msg):(.+))?$");

  record Eval(int line, String expr, boolean fails, String failMessage) {
    boolean expectsParseError() {
      return fails && failMessage != null && failMessage.contains("parse error");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyEvalParses() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(testData())) {
      scripts = files.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertTrue(scripts.size() >= 15, "expected Prometheus's script set, found " + scripts);
    return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> check(script)));
  }

  private static void check(Path script) throws IOException {
    List<Eval> evals = evals(Files.readAllLines(script));
    List<String> problems = new ArrayList<>();
    int parsed = 0;
    int rejected = 0;
    for (Eval eval : evals) {
      String where = script.getFileName() + ":" + eval.line() + ": " + eval.expr();
      try {
        Expr e = Parser.parseExpr(eval.expr(), ParserOptions.ALL_FEATURES);
        parsed++;
        if (eval.expectsParseError()) {
          problems.add(where + "\n    parsed, but the script expects: " + eval.failMessage());
          continue;
        }
        String printed = e.toString();
        String reprinted = Parser.parseExpr(printed, ParserOptions.ALL_FEATURES).toString();
        if (!printed.equals(reprinted)) {
          problems.add(where + "\n    prints as " + printed + "\n    which prints back as " + reprinted);
        }
      } catch (ParseException ex) {
        if (eval.expectsParseError()) {
          rejected++;
        } else {
          problems.add(where + "\n    " + ex.getMessage());
        }
      }
    }
    System.out.printf("%-26s %4d evals: %4d parse, %d fail to parse as the script expects, %d problems%n",
        script.getFileName(), evals.size(), parsed, rejected, problems.size());
    problems.forEach(p -> System.out.println("  " + p));
    assertTrue(!evals.isEmpty(), "no eval found in " + script);
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + evals.size() + " evals in " + script.getFileName() + ":\n"
          + String.join("\n", problems));
    }
  }

  /** The evals of a script with their expected failure, read as promqltest reads them. */
  static List<Eval> evals(List<String> rawLines) {
    List<String> lines = new ArrayList<>();
    for (String raw : rawLines) {
      String l = raw.strip();
      lines.add(l.startsWith("#") ? "" : l);
    }
    List<Eval> evals = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.startsWith("eval")) {
        continue;
      }
      Matcher instant = INSTANT.matcher(l);
      Matcher range = RANGE.matcher(l);
      String mod;
      String expr;
      if (instant.matches()) {
        mod = instant.group(1);
        expr = instant.group(3);
      } else if (range.matches()) {
        mod = range.group(1);
        expr = range.group(5);
      } else {
        throw new AssertionError("line " + (i + 1) + " is not an eval promqltest accepts: " + l);
      }
      boolean fails = "fail".equals(mod);
      String message = null;
      for (int j = i + 1; j < lines.size() && !lines.get(j).isEmpty(); j++) {
        String def = lines.get(j);
        Matcher expect = EXPECT_FAIL.matcher(def);
        if (expect.matches()) {
          fails = true;
          message = expect.group(2) == null ? null : expect.group(2).strip();
        } else if (def.startsWith("expected_fail_message") || def.startsWith("expected_fail_regexp")) {
          message = def.substring(def.indexOf(' ') + 1).strip();
        }
      }
      evals.add(new Eval(i + 1, expr, fails, message));
    }
    return evals;
  }

  @Test
  void readsEvalLinesAsPromqltestDoes() {
    List<Eval> evals = evals(List.of(
        "# eval instant at 1m commented_out",
        "eval instant at 50m sum(x)",
        "  expect fail msg: 1:5: parse error: boom",
        "",
        "eval range from 0 to 10s step 5s step()",
        "eval_fail instant at 0 -{job=\"api\"}"));
    assertEquals(List.of(
        new Eval(2, "sum(x)", true, "1:5: parse error: boom"),
        new Eval(5, "step()", false, null),
        new Eval(6, "-{job=\"api\"}", true, null)), evals);
    assertTrue(evals.get(0).expectsParseError());
  }

  /** The project root is the directory whose pom lists the query-api module; the scripts sit beside it. */
  static Path testData() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>query-api</module>")) {
        Path data = dir.resolveSibling("shared").resolve("promql-testdata");
        assertTrue(Files.isDirectory(data), "Prometheus's test scripts are missing: " + data);
        return data;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no project root above " + Path.of("").toAbsolutePath());
  }
}
