package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions print as Prometheus's {@code String()} prints them ({@code printer_test.go}), which is
 * what {@code /api/v1/format_query} returns; printing what was printed changes nothing.
 */
class PrinterTest {

  static List<Arguments> printed() {
    return Cases.of("""
        # Aggregations: lower-case operator, grouping before the arguments, empty by dropped.
        sum by() (task:errors:rate10s{job="s"}) => sum(task:errors:rate10s{job="s"})
        sum by(code) (task:errors:rate10s{job="s"}) => sum by (code) (task:errors:rate10s{job="s"})
        sum without() (task:errors:rate10s{job="s"}) => sum without () (task:errors:rate10s{job="s"})
        sum without(instance) (task:errors:rate10s{job="s"}) => sum without (instance) (task:errors:rate10s{job="s"})
        sum(x) by (a, b) => sum by (a, b) (x)
        SUM(x) => sum(x)
        topk(5, task:errors:rate10s{job="s"}) => topk(5, task:errors:rate10s{job="s"})
        count_values("value", task:errors:rate10s{job="s"}) => count_values("value", task:errors:rate10s{job="s"})
        sum by ("foo.bar", job) (x) => sum by ("foo.bar", job) (x)

        # Binary operators and vector matching.
        a - on() c => a - on () c
        a - on(b) c => a - on (b) c
        a - on(b) group_left(x) c => a - on (b) group_left (x) c
        a - on(b) group_left(x, y) c => a - on (b) group_left (x, y) c
        a - on(b) group_left c => a - on (b) group_left () c
        a - on(b) group_left() (c) => a - on (b) group_left () (c)
        a - ignoring(b) c => a - ignoring (b) c
        a - ignoring() c => a - c
        a - ignoring() group_right c => a - ignoring () group_right () c
        x and on("a.b") y => x and on ("a.b") y
        X AND Y => X and Y
        x ATAN2 y => x atan2 y
        up > bool 0 => up > bool 0
        h </ 2 => h </ 2
        h >/ 0.5 => h >/ 0.5
        1+2*3 => 1 + 2 * 3
        (1+2)*3 => (1 + 2) * 3
        -(1) => -(1)
        - 1 => -1
        -a => -a

        # Selectors: name outside, other matchers sorted, names quoted when not identifiers.
        {__name__="a"} => {__name__="a"}
        {__name__="a", b="c"} => {__name__="a",b="c"}
        {__name__=~"a"} => {__name__=~"a"}
        a{b!="c"}[1m] => a{b!="c"}[1m]
        a{b=~"c"}[1m] => a{b=~"c"}[1m]
        a{b!~"c"}[1m] => a{b!~"c"}[1m]
        a{z="1", b="2"} => a{b="2",z="1"}
        {"a.b"="c"} => {"a.b"="c"}
        {"my.metric"} => {__name__="my.metric"}
        x{a='it"s'} => x{a="it\\"s"}
        x{a=`back\\slash`} => x{a="back\\\\slash"}

        # Offsets, @, ranges, subqueries; durations in their shortest form.
        a offset 1m => a offset 1m
        a offset -7m => a offset -7m
        a offset 0s => a
        a{c="d"}[5m] offset 1m => a{c="d"}[5m] offset 1m
        a[5m] offset 1m => a[5m] offset 1m
        a[12m] offset -3m => a[12m] offset -3m
        a[1h:5m] offset 1m => a[1h:5m] offset 1m
        a[1h:] => a[1h:]
        a @ 10 => a @ 10.000
        a @ 1.5 => a @ 1.500
        a[1m] @ 10 => a[1m] @ 10.000
        a @ start() => a @ start()
        a @ end() => a @ end()
        a[1m] @ start() => a[1m] @ start()
        a offset 5m @ 10 => a @ 10.000 offset 5m
        foo[90m] => foo[1h30m]
        foo[7d] => foo[1w]
        foo[8d] => foo[8d]
        foo[365d] => foo[1y]
        foo[366d] => foo[366d]
        foo offset 1y2w => foo offset 379d
        foo[1500ms] => foo[1s500ms]
        foo[300] => foo[5m]

        # Literals.
        1e3 => 1000
        1e-7 => 0.0000001
        0x10 => 16
        .1 + .2 => 0.1 + 0.2
        1.2345678901234568e20 => 123456789012345680000
        5m => 5m
        inf => +Inf
        -nan => NaN
        'a"b' => "a\\"b"
        `a\\b` => "a\\\\b"
        "\\u263a\\x07" => "☺\\a"
        """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printed")
  void printsAsPrometheus(Cases.Case c) {
    String once = Parser.parseExpr(c.input(), ParserOptions.ALL_FEATURES).toString();
    assertEquals(c.expected(), once);
    assertEquals(once, Parser.parseExpr(once, ParserOptions.ALL_FEATURES).toString(), "printing is stable");
  }
}
