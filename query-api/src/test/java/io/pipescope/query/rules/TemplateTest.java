package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Template.AlertData DATA = new Template.AlertData(
      Map.of("__name__", "checker_rework_ratio", "checker_name", "architectural-consistency", "env", "prod"),
      Map.of("cluster", "factory-1"), "http://pipescope:9490", 0.3125);

  private static String render(String text) {
    return Template.expand(text, DATA);
  }

  private static String render(String text, double value) {
    return Template.expand(text, new Template.AlertData(Map.of(), Map.of(), "", value));
  }

  @Test
  void variablesAndFields() {
    assertEquals("architectural-consistency in prod", render("{{ $labels.checker_name }} in {{ .Labels.env }}"));
    assertEquals("0.3125", render("{{ $value }}"));
    assertEquals("0.3125", render("{{ .Value }}"));
    assertEquals("factory-1 http://pipescope:9490", render("{{ $externalLabels.cluster }} {{ $externalURL }}"));
    assertEquals("", render("{{ $labels.missing }}")); // missingkey=zero, as Prometheus expands
    assertEquals("<no value>", render("{{ .Missing }}"));
    assertEquals("plain text", render("plain text"));
  }

  @Test
  void floatsPrintAsGoPrintsThem() {
    assertEquals("1e+06", render("{{ $value }}", 1e6));
    assertEquals("123456", render("{{ $value }}", 123456));
    assertEquals("1e-05", render("{{ $value }}", 0.00001));
    assertEquals("0.0001", render("{{ $value }}", 0.0001));
    assertEquals("NaN", render("{{ $value }}", Double.NaN));
    assertEquals("+Inf", render("{{ $value }}", Double.POSITIVE_INFINITY));
  }

  @Test
  void humanizeFunctions() {
    assertEquals("1.235M", render("{{ humanize $value }}", 1234567));
    assertEquals("1.234m", render("{{ $value | humanize }}", 0.001234));
    assertEquals("0", render("{{ humanize $value }}", 0));
    assertEquals("12", render("{{ humanize $value }}", 12));
    assertEquals("1ki", render("{{ humanize1024 $value }}", 1024));
    assertEquals("3h 0m 5s", render("{{ humanizeDuration $value }}", 3 * 3600 + 5));
    assertEquals("1d 2h 0m 0s", render("{{ humanizeDuration $value }}", 26 * 3600));
    assertEquals("1.5s", render("{{ humanizeDuration $value }}", 1.5));
    assertEquals("50ms", render("{{ humanizeDuration $value }}", 0.05));
    assertEquals("31.25%", render("{{ $value | humanizePercentage }}"));
    assertEquals("2.4k", render("{{ humanize \"2400\" }}"));
  }

  @Test
  void printfAndPipelines() {
    assertEquals("31.2%", render("{{ printf \"%.1f%%\" 31.25 }}")); // Go rounds half to even
    assertEquals("%!f(string=31.25)", render("{{ printf \"%.1f\" (humanize 31.25) }}"));
    assertEquals("[  3.14|-2.50e+00|+1|3]", render("{{ printf \"[%6.2f|%.2e|%+d|%v]\" 3.14159 -2.5 1 3 }}"));
    assertEquals("0.31", render("{{ printf \"%.2f\" $value }}"));
    assertEquals("0.3 of architectural-consistency",
        render("{{ $value | printf \"%.1f\" }} of {{ $labels.checker_name }}"));
    assertEquals("x=\"a b\" n=7", render("{{ printf \"x=%q n=%d\" \"a b\" 7 }}"));
    assertEquals("3.125000e-01", render("{{ printf \"%e\" .Value }}", 0.3125));
    assertEquals("PROD", render("{{ .Labels.env | toUpper }}"));
  }

  @Test
  void conditionsDeclarationsTrimAndComments() {
    assertEquals("high", render("{{ if gt $value 0.25 }}high{{ else }}low{{ end }}"));
    assertEquals("low", render("{{ if gt $value 0.25 }}high{{ else }}low{{ end }}", 0.1));
    assertEquals("mid", render("{{ if gt $value 0.5 }}high{{ else if gt $value 0.2 }}mid{{ else }}low{{ end }}"));
    assertEquals("a-b", render("a  {{- /* drop */ -}}  -b"));
    assertEquals("prod!", render("{{ $e := $labels.env }}{{ $e }}!"));
    assertEquals("ab", render("a {{- \"\" -}} b"));
  }

  @Test
  void queryWithAndRange() {
    RuleQuery query = (expr, t) -> {
      assertEquals(1_000L, t);
      io.pipescope.query.promql.engine.Vector v = new io.pipescope.query.promql.engine.Vector();
      if (expr.equals("up")) {
        v.add(new io.pipescope.query.promql.engine.Sample(
            io.pipescope.aggregator.metrics.Labels.of("instance", "b:9090"), t, 0));
        v.add(new io.pipescope.query.promql.engine.Sample(
            io.pipescope.aggregator.metrics.Labels.of("instance", "a:9090"), t, 1));
      }
      return v;
    };
    Template.AlertData data = new Template.AlertData(Map.of("env", "prod"), Map.of(), "", 0.5, query, 1_000L);
    assertEquals("b:9090 is 0",
        Template.expand("{{ with query \"up\" }}{{ . | first | label \"instance\" }} is {{ . | first | value }}"
            + "{{ end }}", data));
    assertEquals("a:9090=1 b:9090=0 ",
        Template.expand("{{ range sortByLabel \"instance\" (query \"up\") }}{{ .Labels.instance }}={{ .Value }} "
            + "{{ end }}", data));
    assertEquals("none", Template.expand("{{ with query \"down\" }}some{{ else }}none{{ end }}", data));
    assertEquals("[a:9090]", Template.expand("[{{ range $s := query \"up\" }}{{ if eq $s.Value 1.0 }}"
        + "{{ stripPort $s.Labels.instance | printf \"%s:9090\" }}{{ end }}{{ end }}]", data));
    assertEquals("<error expanding template: error calling query: query is not available here>",
        render("{{ query \"up\" }}"));
  }

  @Test
  void moreFunctions() {
    assertEquals("Architectural Consistency", render("{{ title \"architectural consistency\" }}"));
    assertEquals("true false", render("{{ match \"^arch\" $labels.checker_name }} {{ match \"x\" \"y\" }}"));
    assertEquals("architectural", render("{{ reReplaceAll \"-.*\" \"\" $labels.checker_name }}"));
    assertEquals("2026-11-20 15:45:00 +0000 UTC", render("{{ humanizeTimestamp 1795189500 }}"));
    assertEquals("2026-11-20 15:45:00.5 +0000 UTC", render("{{ humanizeTimestamp 1795189500.5 }}"));
    assertEquals("25", render("{{ len $labels.checker_name }}"));
    assertEquals("prod", render("{{ index $labels \"env\" }}"));
  }

  @Test
  void linkAndConversionFunctions() {
    assertEquals("/graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1", render("{{ tableLink \"rate(x[5m])\" }}"));
    assertEquals("/graph?g0.expr=up&g0.tab=0", render("{{ graphLink \"up\" }}"));
    assertEquals("http://pipescope:9490", render("{{ externalURL }}"));
    assertEquals("/ps", Template.expand("{{ pathPrefix }}",
        new Template.AlertData(Map.of(), Map.of(), "http://host/ps", 0)));
    assertEquals("architectural-consistency+%26+more", render("{{ urlquery $labels.checker_name \" & more\" }}"));
    assertEquals("node-1:9100 node-1 10.0.0.1:9100", render(
        "{{ stripDomain \"node-1.example.com:9100\" }} {{ stripDomain \"node-1.example.com\" }} "
            + "{{ stripDomain \"10.0.0.1:9100\" }}"));
    assertEquals("5400", render("{{ parseDuration \"1h30m\" }}"));
    assertEquals("2026-11-20 15:45:00 +0000 UTC", render("{{ toTime 1795189500 }}"));
    assertEquals("<b>", render("{{ safeHtml \"<b>\" }}"));
  }

  @Test
  void errorsAreReportedInTheText() {
    assertEquals("<error expanding template: function \"nope\" not defined>", render("{{ nope 1 }}"));
    assertThrows(TemplateException.class, () -> Template.parse("{{ $labels.x "));
    assertThrows(TemplateException.class, () -> Template.parse("{{ if true }}x"));
    assertThrows(TemplateException.class, () -> Template.parse("{{ end }}"));
    assertThrows(TemplateException.class, () -> Template.parse("{{ define \"x\" }}{{ end }}"));
  }
}
