package io.pipescope.query.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pipescope.query.promql.promqltest.PromqlScripts.EvalResult;
import io.pipescope.query.promql.promqltest.PromqlScripts.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every Prometheus test script in {@code ../shared/promql-testdata/} against the engine. An
 * eval may only fail if it is named in {@code promql-skips.txt} ({@code file:line reason}), the
 * visible list of what the engine does not do yet. Skipped evals run too: one that passes now is
 * reported as a stale skip, so that its entry can go. Run with {@code -Dpromql.writeSkips=true}
 * to rewrite the list from the current failures. The counts per script go to the test's output
 * ({@code target/surefire-reports/*PromqlConformanceTest-output.txt}).
 */
class PromqlConformanceTest {
  @Test
  void everyScriptPassesExceptListedSkips() throws IOException {
    Path root = projectRoot();
    Path data = root.resolveSibling("shared").resolve("promql-testdata");
    assertTrue(Files.isDirectory(data), "Prometheus's test scripts are missing: " + data);
    Path skipFile = root.resolve("query-api/src/test/resources/promql-skips.txt");
    Map<String, String> skips = readSkips(skipFile);
    List<Path> scripts;
    try (Stream<Path> files = Files.list(data)) {
      scripts = files.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    boolean rewrite = Boolean.getBoolean("promql.writeSkips");
    PromqlScripts runner = new PromqlScripts();
    List<EvalResult> failures = new ArrayList<>();
    List<EvalResult> all = new ArrayList<>();
    System.out.printf("%-26s %6s %6s %6s%n", "script", "passed", "failed", "skipped");
    for (Path script : scripts) {
      List<EvalResult> results = runner.run(script, rewrite ? java.util.Set.of() : skips.keySet());
      all.addAll(results);
      long passed = results.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
      long failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).count();
      long skipped = results.stream().filter(r -> r.outcome() == Outcome.SKIPPED).count();
      System.out.printf("%-26s %6d %6d %6d%n", script.getFileName(), passed, failed, skipped);
      results.stream().filter(r -> r.outcome() == Outcome.FAILED).forEach(failures::add);
      results.stream().filter(r -> r.outcome() == Outcome.PASSED && skips.containsKey(r.key()))
          .forEach(r -> System.out.println("STALE SKIP (passes now, remove it): " + r.key() + " " + r.expr()));
    }
    if (rewrite) {
      writeSkips(skipFile, failures, skips);
      return;
    }
    for (EvalResult f : failures) {
      System.out.println("FAILED " + f.key() + ": " + f.expr() + "\n    " + f.detail().replace("\n", "\n    "));
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " evals failed that are not in " + skipFile.getFileName() + "; first: "
          + failures.get(0).key() + " " + failures.get(0).expr() + ": " + failures.get(0).detail());
    }
  }

  private static Map<String, String> readSkips(Path file) throws IOException {
    Map<String, String> skips = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return skips;
    }
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int space = l.indexOf(' ');
      skips.put(space < 0 ? l : l.substring(0, space), space < 0 ? "" : l.substring(space + 1).strip());
    }
    return skips;
  }

  private static void writeSkips(Path file, List<EvalResult> failures, Map<String, String> previous)
      throws IOException {
    List<String> out = new ArrayList<>();
    out.add("# Evals of ../shared/promql-testdata/*.test the engine does not pass yet: file:line reason.");
    out.add("# PromqlConformanceTest fails on any other failing eval. Remove a line once its eval passes.");
    for (EvalResult f : failures) {
      String reason = previous.get(f.key());
      if (reason == null || reason.isEmpty()) {
        reason = reason(f);
      }
      out.add(f.key() + " " + reason);
    }
    Files.write(file, out);
    System.out.println("wrote " + failures.size() + " skips to " + file);
  }

  private static String reason(EvalResult f) {
    String d = f.detail();
    if (d.contains("is not supported yet")) {
      return d.substring(d.indexOf("unexpected error: ") + "unexpected error: ".length()).split("\n")[0];
    }
    if (d.startsWith("[native histograms]")) {
      return "native histograms (not loaded: the store holds floats only)";
    }
    String first = d.split("\n")[0];
    return "differs: " + (first.length() > 120 ? first.substring(0, 120) + "..." : first);
  }

  static Path projectRoot() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>query-api</module>")) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no project root above " + Path.of("").toAbsolutePath());
  }
}
