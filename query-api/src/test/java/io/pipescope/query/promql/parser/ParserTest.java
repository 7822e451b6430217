package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each construct parses to, in the spirit of Prometheus's {@code parse_test.go}: the tree the
 * parser builds ({@link Tree}) for valid input.
 */
class ParserTest {

  static List<Arguments> trees() {
    return Cases.of("""
        # Number literals: decimal, octal, hex, exponent, Inf and NaN in any case; signs fold in.
        1 => 1
        +Inf => +Inf
        -Inf => -Inf
        inF => +Inf
        .5 => 0.5
        5. => 5
        123.4567 => 123.4567
        5e-3 => 0.005
        5e3 => 5000
        0xc => 12
        0755 => 493
        08 => 8
        1_000 => 1000
        +5.5e-3 => 0.0055
        -0755 => -493
        - - 1 => 1
        # A duration where a number may stand is a number of seconds that prints as a duration.
        5m => 5m
        -1h30m => -1h30m
        5m * 2 => (* 5m 2)

        # Precedence and associativity.
        1 + 1 => (+ 1 1)
        1 + 2 * 3 => (+ 1 (* 2 3))
        1 * 2 + 3 => (+ (* 1 2) 3)
        2 * 3 % 2 => (% (* 2 3) 2)
        2 ^ 3 ^ 2 => (^ 2 (^ 3 2))
        -1^2 => (- (^ 1 2))
        -1*2 => (* -1 2)
        -1+2 => (+ -1 2)
        -1^-2 => (- (^ 1 -2))
        +1 + -2 * 1 => (+ 1 (* -2 1))
        1 + 2/(3*1) => (+ 1 (/ 2 (paren (* 3 1))))
        1 < bool 2 - 1 * 2 => (< bool 1 (- 2 (* 1 2)))
        a * b atan2 c => (atan2 1:1 (* 1:1 a b) c)
        a > b + c => (> 1:1 a (+ 1:1 b c))
        foo + bar or bla and blub => (or n:n (+ 1:1 foo bar) (and n:n bla blub))
        foo and bar unless baz or qux => (or n:n (unless n:n (and n:n foo bar) baz) qux)
        a == b != c => (!= 1:1 (== 1:1 a b) c)
        -some_metric => (- some_metric)
        +some_metric => (+ some_metric)
        -a ^ 2 => (- (^ a 2))
        -a * 2 => (* (- a) 2)
        2 ^ -a * 3 => (* (^ 2 (- a)) 3)
        # The histogram trim operators bind like comparisons.
        h </ 2 * x => (</ 1:1 h (* 2 x))
        h >/ 0 => (>/ h 0)

        # Vector matching.
        foo * bar => (* 1:1 foo bar)
        foo == 1 => (== foo 1)
        foo == bool 1 => (== bool foo 1)
        2.5 / bar => (/ 2.5 bar)
        foo and bar => (and n:n foo bar)
        foo * on(test,blub) bar => (* 1:1 on(test,blub) foo bar)
        foo * on(test,blub) group_left bar => (* n:1 on(test,blub) foo bar)
        foo and on(test,blub) bar => (and n:n on(test,blub) foo bar)
        foo and on() bar => (and n:n on() foo bar)
        foo and ignoring(test,blub) bar => (and n:n ignoring(test,blub) foo bar)
        foo and ignoring() bar => (and n:n foo bar)
        foo unless on(bar) baz => (unless n:n on(bar) foo baz)
        foo / on(test,blub) group_left(bar) bar => (/ n:1 on(test,blub) include(bar) foo bar)
        foo / ignoring(test,blub) group_left(blub) bar => (/ n:1 ignoring(test,blub) include(blub) foo bar)
        foo - on(test,blub) group_right(bar,foo) bar => (- 1:n on(test,blub) include(bar,foo) foo bar)
        foo - on(a) group_left (b) (c) => (- n:1 on(a) include(b) foo (paren c))
        bar + on(foo) bla / on(baz, buz) group_right(test) blub => (+ 1:1 on(foo) bar (/ 1:n on(baz,buz) include(test) bla blub))
        foo == on(bar,) baz => (== 1:1 on(bar) foo baz)

        # Vector selectors. Keywords are metric names where an expression starts.
        foo => foo
        min => min
        sum => sum
        by => by
        offset{step="1s"}[5m] => offset{step="1s"}[5m]
        step{offset="1s"}[5m] => step{offset="1s"}[5m]
        start{end="foo"} => start{end="foo"}
        and => and
        foo:bar{a="bc"} => foo:bar{a="bc"}
        {"foo"} => {__name__="foo"}
        {"foo", a="bc"} => {__name__="foo",a="bc"}
        {"some.metric", "service.name"="api"} => {"service.name"="api",__name__="some.metric"}
        foo{NaN='bc'} => foo{NaN="bc"}
        foo{bar='}'} => foo{bar="}"}
        foo{a="b", foo!="bar", test=~"test", bar!~"baz"} => foo{a="b",bar!~"baz",foo!="bar",test=~"test"}
        foo{a="b", foo!="bar", test=~"test", bar!~"baz",} => foo{a="b",bar!~"baz",foo!="bar",test=~"test"}
        {a="b", foo!="bar", "foo", test=~"test"} => {__name__="foo",a="b",foo!="bar",test=~"test"}
        {__name__=~"bar", __name__!~"baz"} => {__name__!~"baz",__name__=~"bar"}
        {__name__="bar", __name__="baz"} => {__name__="bar",__name__="baz"}
        {"bar", __name__="baz"} => {__name__="bar",__name__="baz"}
        foo{by="x", offset="y", and="z"} => foo{and="z",by="x",offset="y"}
        foo{a=`b\\`} => foo{a="b\\\\"}

        # Offset and @, in either order, once each.
        foo offset 5m => foo offset 5m
        foo offset -7m => foo offset -7m
        foo OFFSET 1h30m => foo offset 1h30m
        foo OFFSET 1m30ms => foo offset 1m30ms
        foo offset 3600 => foo offset 1h
        foo offset -50 => foo offset -50s
        foo @ 1603774568 => foo @ 1603774568.000
        foo @ -100 => foo @ -100.000
        foo @ .3 => foo @ 0.300
        foo @ 3. => foo @ 3.000
        foo @ 3.3333 => foo @ 3.333
        foo @ 3.3335 => foo @ 3.334
        foo @ 3e2 => foo @ 300.000
        foo @ 0xA => foo @ 10.000
        foo @ -3.3e1 => foo @ -33.000
        foo @ 1m => foo @ 60.000
        foo @ start() => foo @ start()
        foo @ end() => foo @ end()
        foo @ 10 offset 5m => foo @ 10.000 offset 5m
        foo offset 5m @ 10 => foo @ 10.000 offset 5m
        foo offset 5s-8 => (- foo offset 5s 8)
        foo offset -1^1 => (^ foo offset -1s 1)
        foo offset step() => foo offset step()
        foo offset -step() => foo offset -step()
        foo offset range() => foo offset range()

        # Range vectors.
        test[5s] => test[5s]
        test[1000ms] => test[1s]
        test[1001ms] => test[1s1ms]
        test[5] => test[5s]
        foo[5m30s] => foo[5m30s]
        test[5h] OFFSET 5m => test[5h] offset 5m
        test[5w] offset 2w => test[5w] offset 2w
        test{a="b"}[5y] OFFSET 3d => test{a="b"}[5y] offset 3d
        test{a="b"}[5m] OFFSET 3600 => test{a="b"}[5m] offset 1h
        foo[3ms] @ 2.345 => foo[3ms] @ 2.345
        foo[4.18] @ 2.345 => foo[4s180ms] @ 2.345
        foo[4s18ms] @ 2.345 => foo[4s18ms] @ 2.345
        some_metric[5m] @ 1m => some_metric[5m] @ 60.000
        test[5y] @ start() => test[5y] @ start()
        foo[ 5m ] => foo[5m]
        foo[step()] => foo[step()]

        # Subqueries.
        foo{bar="baz"}[10m:6s] => (subquery foo{bar="baz"} [10m:6s])
        foo{bar="baz"}[10m5s:1h6ms] => (subquery foo{bar="baz"} [10m5s:1h6ms])
        foo[10m:] => (subquery foo [10m:])
        min_over_time(rate(foo{bar="baz"}[2s])[5m:5s]) => (min_over_time (subquery (rate foo{bar="baz"}[2s]) [5m:5s]))
        min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s] => (subquery (min_over_time (subquery (rate foo{bar="baz"}[2s]) [5m:] offset 4m)) [4m:3s])
        min_over_time(rate(foo{bar="baz"}[2s])[5m:] @ 1603775091)[4m:3s] => (subquery (min_over_time (subquery (rate foo{bar="baz"}[2s]) [5m:] @ 1603775091.000)) [4m:3s])
        sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s] => (subquery (sum without(and,by,avg,count,alert,annotations) some_metric) [30m:10s])
        some_metric OFFSET 1m [10m:5s] => (subquery some_metric offset 1m [10m:5s])
        some_metric @ 123 offset 1m [10m:5s] => (subquery some_metric @ 123.000 offset 1m [10m:5s])
        some_metric[10m:5s] offset 1m @ 123 => (subquery some_metric [10m:5s] @ 123.000 offset 1m)
        (foo + bar{nm="val"})[5m:] offset 10m => (subquery (paren (+ 1:1 foo bar{nm="val"})) [5m:] offset 10m)
        foo[10m:6s] @ end() => (subquery foo [10m:6s] @ end())

        # Aggregations: modifier before or after the arguments, parameters first.
        sum by (foo)(some_metric) => (sum by(foo) some_metric)
        avg by (foo)(some_metric) => (avg by(foo) some_metric)
        sum without (foo) (some_metric) => (sum without(foo) some_metric)
        sum (some_metric) without (foo) => (sum without(foo) some_metric)
        stddev(some_metric) => (stddev some_metric)
        stdvar by (foo)(some_metric) => (stdvar by(foo) some_metric)
        sum by ()(some_metric) => (sum some_metric)
        sum by (foo,bar,)(some_metric) => (sum by(foo,bar) some_metric)
        sum by ("foo bar")({"some.metric"}) => (sum by(foo bar) {__name__="some.metric"})
        sum by ("foo", bar, 'baz')({"some.metric"}) => (sum by(foo,bar,baz) {__name__="some.metric"})
        sum by (anchored)(some_metric) => (sum by(anchored) some_metric)
        sum without(and, by, avg, count, alert, annotations)(some_metric) => (sum without(and,by,avg,count,alert,annotations) some_metric)
        SUM BY (job) (x) => (sum by(job) x)
        topk(5, some_metric) => (topk 5 some_metric)
        count_values("value", some_metric) => (count_values "value" some_metric)
        quantile without(point)(0.8, data) => (quantile without(point) 0.8 data)
        [all] limitk(2, some_metric) => (limitk 2 some_metric)
        [all] limit_ratio(0.5, some_metric) => (limit_ratio 0.5 some_metric)
        sum(sum) => (sum sum)
        a + sum => (+ 1:1 a sum)
        sum(foo) by (bar) + 1 => (+ (sum by(bar) foo) 1)

        # Function calls.
        time() => (time)
        floor(some_metric{foo!="bar"}) => (floor some_metric{foo!="bar"})
        rate(some_metric[5m]) => (rate some_metric[5m])
        round(some_metric) => (round some_metric)
        round(some_metric, 5) => (round some_metric 5)
        label_join(a, "d", ",", "s1", "s2", "s3") => (label_join a "d" "," "s1" "s2" "s3")
        [all] histogram_quantiles(h, "q", 0.1, 0.5, 0.9) => (histogram_quantiles h "q" 0.1 0.5 0.9)
        [all] start() => (start)
        [all] end() - range() => (- (end) (range))
        [all] min_of(3, step()) => (min_of 3 (step))
        [all] metric * step() => (* metric (step))
        [all] info(rate(http_request_counter_total{}[5m])) => (info (rate http_request_counter_total[5m]))
        [all] info(http_request_counter_total{namespace="zzz"}, {foo="bar", bar="baz"}) => (info http_request_counter_total{namespace="zzz"} {bar="baz",foo="bar"})
        [all] info(foo, {__name__=~".+_info"}) => (info foo {__name__=~".+_info"})
        [all] info(foo, {x=""}) => (info foo {x=""})

        # Strings.
        "double-quoted string \\" with escaped quote" => "double-quoted string \\" with escaped quote"
        'single-quoted string \\' with escaped quote' => "single-quoted string ' with escaped quote"
        `backtick-quoted string` => "backtick-quoted string"
        "\\u00e9\\x41\\101" => "éAA"
        "a\\xc5z" => "a\\xc5z"
        "tab\\there" => "tab\\there"
        ("Foo") => (paren "Foo")

        # Comments and whitespace.
        foo # a comment => foo
        sum(\t foo\t) => (sum foo)

        # Duration expressions.
        [all] foo[11s+10s-5*2^2] => foo[11s + 10s - 5 * 2 ^ 2]
        [all] foo[-(10s-5s)+20s] => foo[-(10s - 5s) + 20s]
        [all] foo[-10s+15s] => foo[-10s + 15s]
        [all] foo[(5s)] => foo[(5s)]
        [all] foo[  -  step  (  )  ] => foo[-step()]
        [all] foo[-step()] => foo[-step()]
        [all] foo[max_of(step(),5s)] => foo[max_of(step(), 5s)]
        [all] foo offset max_of(step(),5s) => foo offset max_of(step(), 5s)
        [all] foo offset -min_of(5s,step()+8s) => foo offset -min_of(5s, step() + 8s)
        [all] foo[range()] => foo[range()]
        [all] foo[2m/range()] => foo[2m / range()]
        [all] foo[-range()] => foo[-range()]
        [all] foo[4s+4s:1s*2] offset (5s-8) => (subquery foo [4s + 4s:1s * 2] offset (5s - 8))
        [all] rate(foo[2m+2m]) => (rate foo[2m + 2m])
        [all] foo offset -(1^2) => foo offset -(1 ^ 2)
        [all] foo offset (-1^2) => foo offset (-1 ^ 2)
        [all] foo offset +(5) => foo offset (5)
        [all] foo offset -(5) => foo offset -(5)
        [all] foo[-2^2] => foo[-2 ^ 2]
        [all] foo[0+-2^2] => foo[0 + -2 ^ 2]

        # Anchored and smoothed selectors.
        [all] foo[5m] anchored => foo[5m] anchored
        [all] foo smoothed => foo smoothed
        [all] foo[5m] smoothed @ 10 offset 1m => foo[5m] smoothed @ 10.000 offset 1m
        anchored{job="test"} => anchored{job="test"}
        """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trees")
  void parsesTo(Cases.Case c) {
    assertEquals(c.expected(), Tree.of(Parser.parseExpr(c.input().replace("\\t", "\t"), c.options())));
  }

  /** Where nodes lie, as Prometheus's position ranges: start and end offsets in the query. */
  static List<Arguments> positions() {
    return Cases.of("""
        1 => 0:1
        -0755 => 0:5
        1 + 1 => 0:5
        sum by (foo)(some_metric) => 0:25
        sum (some_metric) without (foo) => 0:31
        (sum(foo) ) => 0:11
        foo offset 5m => 0:13
        foo @ start() => 0:13
        test[5h] OFFSET 5m => 0:18
        test[5m] @ 1603774699 => 0:21
        foo{bar="baz"}[10m5s:1h6ms] => 0:27
        min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s] => 0:61
        rate(some_metric[5m]) => 0:21
        {"foo", a="bc"} => 0:15
        "double" => 0:8
        [all] foo offset -step() => 0:18
        """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("positions")
  void nodesKnowWhereTheyAre(Cases.Case c) {
    PositionRange r = Parser.parseExpr(c.input(), c.options()).positionRange();
    assertEquals(c.expected(), r.start() + ":" + r.end());
  }

  @Test
  void innerNodesKnowWhereTheyAreToo() {
    assertEquals(new PositionRange(1, 13), Parser.parseExpr(" +some_metric").positionRange());
    AggregateExpr sum = (AggregateExpr) ((ParenExpr) Parser.parseExpr("(sum(foo) by (bar))")).expr();
    assertEquals(new PositionRange(1, 18), sum.positionRange());
    assertEquals(new PositionRange(5, 8), sum.expr().positionRange());
    Call min = (Call) ((SubqueryExpr) Parser.parseExpr(
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]")).expr();
    SubqueryExpr inner = (SubqueryExpr) min.args().get(0);
    assertEquals(new PositionRange(0, 54), min.positionRange());
    assertEquals(new PositionRange(14, 53), inner.positionRange());
    assertEquals(new PositionRange(19, 33), ((MatrixSelector) ((Call) inner.expr()).args().get(0))
        .vectorSelector().positionRange());
  }

  @Test
  void aNameBeforeTheBracesIsTheLastMatcher() {
    VectorSelector vs = (VectorSelector) Parser.parseExpr("foo{a=\"b\", c!~\"d\"}");
    assertEquals("foo", vs.name());
    assertEquals(List.of("a=\"b\"", "c!~\"d\"", "__name__=\"foo\""),
        vs.matchers().stream().map(Printer::matcher).toList());
    VectorSelector inside = (VectorSelector) Parser.parseExpr("{\"foo\"}");
    assertEquals("", inside.name(), "a name inside the braces is only a matcher");
  }

  @Test
  void modifiersLandOnTheSelector() {
    VectorSelector vs = (VectorSelector) Parser.parseExpr("foo offset -7m @ 1603774568");
    assertEquals(java.time.Duration.ofMinutes(-7), vs.offset());
    assertEquals(AtModifier.timestamp(1603774568000L), vs.at());
    MatrixSelector m = (MatrixSelector) Parser.parseExpr("foo[4.018] @ end() offset 1h");
    assertEquals(java.time.Duration.ofMillis(4018), m.range());
    assertEquals(AtModifier.END, m.vectorSelector().at());
    assertEquals(java.time.Duration.ofHours(1), m.vectorSelector().offset());
    assertEquals(28, m.endPos());
    SubqueryExpr s = (SubqueryExpr) Parser.parseExpr("foo[1h:] offset 5m");
    assertEquals(java.time.Duration.ZERO, s.step(), "no step means the default resolution");
    assertEquals(java.time.Duration.ofMinutes(5), s.offset());
  }

  @Test
  void durationExpressionsStayUnevaluated() {
    MatrixSelector m = (MatrixSelector) Parser.parseExpr("foo[step() * 2]", ParserOptions.ALL_FEATURES);
    assertEquals(java.time.Duration.ZERO, m.range());
    DurationExpr range = m.rangeExpr();
    assertEquals(ItemType.MUL, range.op());
    assertEquals(new DurationExpr(ItemType.STEP, null, null, false, new PositionRange(4, 10)), range.lhs());
    assertEquals(new NumberLiteral(2, false, new PositionRange(13, 14)), range.rhs());
  }

  @Test
  void setOperationsMatchManyToManyAndScalarSidesDropMatching() {
    BinaryExpr and = (BinaryExpr) Parser.parseExpr("a and on(x) b");
    assertEquals(VectorMatching.Cardinality.MANY_TO_MANY, and.matching().card());
    BinaryExpr scalar = (BinaryExpr) Parser.parseExpr("a + on() 1");
    assertEquals(null, scalar.matching());
    assertEquals(ValueType.SCALAR, Parser.parseExpr("1 + 2").type());
    assertEquals(ValueType.VECTOR, Parser.parseExpr("1 + a").type());
  }

  @Test
  void infosSecondArgumentMayMatchEverything() {
    Call info = (Call) Parser.parseExpr("info(foo, {x=\"\"})", ParserOptions.ALL_FEATURES);
    assertTrue(((VectorSelector) info.args().get(1)).bypassEmptyMatcherCheck());
  }

  @Test
  void nanIsANumber() {
    NumberLiteral n = (NumberLiteral) Parser.parseExpr("NaN");
    assertTrue(Double.isNaN(n.value()));
  }

  @Test
  void bytesThatAreNotUtf8SurviveAsEscapes() {
    StringLiteral s = (StringLiteral) Parser.parseExpr("\"a\\xc5z\"");
    assertEquals(3, s.value().length());
    assertTrue(!GoStrings.isValidUtf8(s.value()));
    assertEquals("\"a\\xc5z\"", s.toString());
  }

  @Test
  void thousandsOfOperatorsDoNotExhaustTheStack() {
    String query = "(" + "-{a=\"b\"}-1".repeat(10_000) + ")" + "[1m:]".repeat(1000);
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(query));
    assertEquals("1:1: parse error: subquery is only allowed on instant vector, got matrix instead", e.getMessage());
    assertEquals(999, e.errors().size(), "every nested subquery is reported, as in Prometheus");
    Expr chain = Parser.parseExpr("-a" + " - a".repeat(20_000));
    assertTrue(chain.toString().startsWith("-a - a - a"), "a long chain also prints");
  }
}
