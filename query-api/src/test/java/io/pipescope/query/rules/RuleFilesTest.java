package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
  private static final String GOOD = """
      groups:
        - name: factory
          interval: 30s
          limit: 10
          query_offset: 1m
          rules:
            - record: checker:rework_ratio:rate1h
              expr: sum by (checker_name) (rate(checker_rework_total[1h]))
              labels:
                team: platform
            - alert: ReworkRateHigh
              expr: checker:rework_ratio:rate1h > 0.25
              for: 3h
              keep_firing_for: 10m
              labels:
                severity: page
              annotations:
                summary: "Rework of {{ $labels.checker_name }} is {{ $value | humanizePercentage }}"
        - name: empty
      """;

  @Test
  void goodFileYieldsGroupsWithEveryField() throws Exception {
    List<RuleGroupSpec> groups = RuleFiles.parse("factory.yml", GOOD);
    assertEquals(2, groups.size());
    RuleGroupSpec g = groups.get(0);
    assertEquals("factory", g.name());
    assertEquals("factory.yml", g.file());
    assertEquals(30_000, g.intervalMillis());
    assertEquals(10, g.limit());
    assertEquals(60_000, g.queryOffsetMillis());
    RuleSpec record = g.rules().get(0);
    assertEquals("checker:rework_ratio:rate1h", record.record());
    assertEquals(Map.of("team", "platform"), record.labels());
    assertEquals(7, record.line());
    RuleSpec alert = g.rules().get(1);
    assertTrue(alert.isAlerting());
    assertEquals(3 * 3600_000L, alert.forMillis());
    assertEquals(600_000L, alert.keepFiringForMillis());
    assertEquals("page", alert.labels().get("severity"));
    assertEquals(0, groups.get(1).intervalMillis());
    assertTrue(groups.get(1).rules().isEmpty());
  }

  @Test
  void emptyFileHoldsNoGroups() throws Exception {
    assertEquals(List.of(), RuleFiles.parse("empty.yml", ""));
    assertEquals(List.of(), RuleFiles.parse("empty.yml", "groups:\n"));
  }

  private static String reject(String yaml) {
    RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFiles.parse("bad.yml", yaml));
    return e.getMessage();
  }

  @Test
  void eachKindOfErrorNamesFileLineAndReason() {
    assertEquals("bad.yml:4:9: group \"g\", rule 1, \"b\": only one of 'record' and 'alert' must be set",
        reject("groups:\n  - name: g\n    rules:\n      - record: a\n        alert: b\n        expr: up\n"));
    assertEquals("bad.yml:4:9: group \"g\", rule 1, \"\": one of 'record' or 'alert' must be set",
        reject("groups:\n  - name: g\n    rules:\n      - expr: up\n"));
    assertEquals("bad.yml:4:9: group \"g\", rule 1, \"r\": field 'expr' must be set in rule",
        reject("groups:\n  - name: g\n    rules:\n      - record: r\n"));
    String parse = reject("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: sum(up\n");
    assertTrue(parse.startsWith("bad.yml:5:15: group \"g\", rule 1, \"r\": could not parse expression: "), parse);
    assertEquals("bad.yml:4:17: group \"g\", rule 1, \"1bad\": invalid recording rule name: 1bad",
        reject("groups:\n  - name: g\n    rules:\n      - record: 1bad\n        expr: up\n"));
    assertEquals("bad.yml:7:11: group \"g\", rule 1, \"A\": invalid label name: bad-name",
        reject("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n"
            + "          bad-name: x\n"));
    assertEquals("bad.yml:6:22: group \"g\", rule 1, \"r\": invalid field 'annotations' in recording rule",
        reject("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        annotations: {a: b}\n"));
    assertEquals("bad.yml:6:14: group \"g\", rule 1, \"r\": invalid field 'for' in recording rule",
        reject("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        for: 5m\n"));
    assertEquals("bad.yml:4:5: groupname: \"g\" is repeated in the same file",
        reject("groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n"));
    assertEquals("bad.yml:2:5: Groupname must not be empty", reject("groups:\n  - rules: []\n"));
    assertEquals("bad.yml:3:15: unknown unit \" minutes\" in duration \"5 minutes\"",
        reject("groups:\n  - name: g\n    interval: 5 minutes\n"));
    assertEquals("bad.yml:3:5: field intervall not found in group",
        reject("groups:\n  - name: g\n    intervall: 1m\n"));
    assertEquals("bad.yml:7:11: group \"g\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: "
        + "unclosed action", reject("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n"
        + "        annotations:\n          summary: '{{ $labels.x '\n"));
    String yaml = reject("groups:\n  - name: g\n   rules: []\n");
    assertTrue(yaml.startsWith("bad.yml:3:"), yaml);
  }

  @Test
  void documentsOfOneFileShareGroupNames() throws Exception {
    assertEquals(2, RuleFiles.parse("multi.yml", "groups:\n  - name: a\n---\ngroups:\n  - name: b\n").size());
    assertEquals("bad.yml:5:5: groupname: \"a\" is repeated in the same file",
        reject("groups:\n  - name: a\n---\ngroups:\n  - name: a\n"));
  }

  @Test
  void everyProblemOfAFileIsReported() {
    RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFiles.parse("bad.yml",
        "groups:\n  - name: g\n    rules:\n      - record: 1a\n        expr: up\n      - record: b\n"));
    assertEquals(2, e.problems().size());
    assertEquals(4, e.problems().get(0).line());
    assertEquals(6, e.problems().get(1).line());
  }

  @Test
  void globsExpandToSortedFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.yml"), "");
    Files.writeString(dir.resolve("a.yml"), "");
    Files.writeString(dir.resolve("c.txt"), "");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/d.yml"), "");
    assertEquals(List.of(dir.resolve("a.yml"), dir.resolve("b.yml")),
        RuleFiles.expand(List.of(dir + "/*.yml")));
    assertEquals(List.of(dir.resolve("sub/d.yml")), RuleFiles.expand(List.of(dir + "/*/*.yml")));
    assertEquals(List.of(dir.resolve("c.txt")), RuleFiles.expand(List.of(dir + "/c.txt", dir + "/missing.yml")));
  }
}
