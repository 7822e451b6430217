package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid queries fail with Prometheus's message and position ({@code parse_test.go}'s error
 * cases): the lexer's, the grammar's ({@code unexpected X in C, expected E}) and the type checker's.
 */
class ParseErrorsTest {

  static List<Arguments> errors() {
    return Cases.of("""
        # Lexer.
        . => 1:1: parse error: unexpected character: '.'
        2.5. => 1:1: parse error: bad number or duration syntax: "2.5."
        100..4 => 1:1: parse error: bad number or duration syntax: "100.."
        0deadbeef => 1:1: parse error: bad number or duration syntax: "0de"
        (1)) => 1:5: parse error: unexpected right parenthesis ')'
        ((1) => 1:5: parse error: unclosed left parenthesis
        ( => 1:2: parse error: unclosed left parenthesis
        sum( => 1:5: parse error: unclosed left parenthesis
        1 !~ 1 => 1:3: parse error: unexpected character after '!': '~'
        1 =~ 1 => 1:3: parse error: unexpected character after '=': '~'
        { => 1:2: parse error: unexpected end of input inside braces
        } => 1:1: parse error: unexpected character: '}'
        some} => 1:5: parse error: unexpected character: '}'
        some{ => 1:6: parse error: unexpected end of input inside braces
        some_metric{a:b="b"} => 1:14: parse error: unexpected character inside braces: ':'
        foo{a*"b"} => 1:6: parse error: unexpected character inside braces: '*'
        foo{a>="b"} => 1:6: parse error: unexpected character inside braces: '>'
        foo{1} => 1:5: parse error: unexpected character inside braces: '1'
        foo{a!b} => 1:6: parse error: unexpected character after '!' inside braces: 'b'
        foo[5mm] => 1:5: parse error: bad number or duration syntax: "5mm"
        foo[5m1] => 1:5: parse error: bad number or duration syntax: "5m1"
        foo[5m:1m1] => 1:8: parse error: bad number or duration syntax: "1m1"
        foo["5m"] => 1:5: parse error: unexpected character in duration expression: '"'
        foo[:5m] => 1:6: parse error: unexpected colon before duration in duration expression
        foo[5s x 5s] => 1:8: parse error: unexpected character: 'x', expected ':'
        foo[5s s 5s] => 1:8: parse error: unexpected character: 's', expected ':'
        foo{bar="baz"}[ => 1:16: parse error: unexpected end of input in duration expression
        foo[5m => 1:7: parse error: unclosed left bracket
        foo] => 1:4: parse error: unexpected right bracket ']'
        some_metric[5m] OFFSET 1mm => 1:24: parse error: bad number or duration syntax: "1mm"
        sum by ("foo)(some_metric{}) => 1:9: parse error: unterminated quoted string
        `\\`` => 1:4: parse error: unterminated raw string
        "\\c" => 1:1: parse error: unknown escape sequence U+0063 'c'
        "\\x." => 1:1: parse error: illegal character U+002E '.' in escape sequence
        "\\ud800" => 1:1: parse error: escape sequence is an invalid Unicode code point
        'it\\"s' => 1:1: parse error: unknown escape sequence U+0022 '"'

        # Grammar: what was unexpected, and in which construct.
        1+ => 1:3: parse error: unexpected end of input
        1 / => 1:4: parse error: unexpected end of input
        *1 => 1:1: parse error: unexpected <op:*>
        *test => 1:1: parse error: unexpected <op:*>
        @@ => 1:1: parse error: unexpected <op:@>
        -= => 1:2: parse error: unexpected "="
        ++-++-+-+-< => 1:11: parse error: unexpected <op:<>
        e-+=/(0) => 1:4: parse error: unexpected "="
        foo bar => 1:5: parse error: unexpected identifier "bar"
        foo 1 => 1:5: parse error: unexpected number "1"
        foo "some long string" => 1:5: parse error: unexpected string "\\"some long"...
        foo, => 1:4: parse error: unexpected ","
        a:b(c) => 1:4: parse error: unexpected "("
        rate(foo bar) => 1:10: parse error: unexpected identifier "bar"
        a - on(b) ignoring(c) d => 1:11: parse error: unexpected <ignoring>
        foo + group_left(baz) bar => 1:7: parse error: unexpected <group_left>
        foo == on(a) bool bar => 1:14: parse error: unexpected <bool>
        some_metric{a=b} => 1:15: parse error: unexpected identifier "b" in label matching, expected string
        foo{gibberish} => 1:14: parse error: unexpected "}" in label matching, expected label matching operator
        foo{__name__= =} => 1:15: parse error: unexpected "=" in label matching, expected string
        foo{__name__ == "bar"} => 1:15: parse error: unexpected "=" in label matching, expected string
        foo{,} => 1:5: parse error: unexpected "," in label matching, expected identifier or "}"
        foo{a="b",,} => 1:11: parse error: unexpected "," in label matching, expected identifier or "}"
        foo{__name__="bar" lol} => 1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"
        foo{"a"=} => 1:9: parse error: unexpected "}" in label matching, expected string
        foo{"a" "b"} => 1:9: parse error: unexpected string "\\"b\\"" in label matching, expected "," or "}"
        sum without(==)(some_metric) => 1:13: parse error: unexpected <op:==> in grouping opts, expected label
        sum without(,)(some_metric) => 1:13: parse error: unexpected "," in grouping opts, expected label
        sum without(foo,,)(some_metric) => 1:17: parse error: unexpected "," in grouping opts, expected label
        sum without(foo bar)(some_metric) => 1:17: parse error: unexpected identifier "bar" in grouping opts, expected "," or ")"
        sum by (without)(some_metric) => 1:9: parse error: unexpected <without> in grouping opts, expected label
        sum by (nan)(some_metric) => 1:9: parse error: unexpected number "nan" in grouping opts, expected label
        sum by (some_metric) (x) by (y) => 1:26: parse error: unexpected <by>
        sum some_metric by (test) => 1:5: parse error: unexpected identifier "some_metric"
        sum (some_metric) by test => 1:22: parse error: unexpected identifier "test" in grouping opts, expected "("
        MIN keep_common (some_metric) => 1:5: parse error: unexpected identifier "keep_common"
        MIN (some_metric) keep_common => 1:19: parse error: unexpected identifier "keep_common"
        sum (some_metric) without (test) by (test) => 1:34: parse error: unexpected <by>
        sum without (test) (some_metric) by (test) => 1:34: parse error: unexpected <by>
        sum(foo bar) => 1:9: parse error: unexpected identifier "bar" in aggregation
        sum(rate(foo bar)) => 1:14: parse error: unexpected identifier "bar" in aggregation
        foo a on(b) c => 1:5: parse error: unexpected identifier "a"
        foo[] => 1:5: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()
        foo[5m 1m] => 1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]"
        foo[5m:1m 2m] => 1:11: parse error: unexpected duration "2m" in subquery selector, expected "]"
        [all] foo[5m+] => 1:8: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()
        [all] foo[5m:1m+] => 1:11: parse error: unexpected "]" in subquery selector, expected number, duration, step(), range(), or "]"
        [all] foo[step] => 1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()
        some_metric[5m] OFFSET => 1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()
        foo offset bar => 1:12: parse error: unexpected identifier "bar" in offset, expected number, duration, step(), or range()
        some_metric[5m] @ => 1:18: parse error: unexpected end of input in @, expected timestamp
        foo @ bar => 1:7: parse error: unexpected identifier "bar" in @, expected timestamp
        topk(some_metric,) => 1:17: parse error: trailing commas not allowed in function call args
        rate(some_metric[5m],) => 1:21: parse error: trailing commas not allowed in function call args

        # Rules enforced while parsing.
        "" => 1:1: parse error: no expression found in input
        1 offset 1d => 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
        (foo) offset 1d => 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
        foo offset 1s offset 2s => 1:1: parse error: offset may not be set multiple times
        foo[5m] offset 1s offset 2s => 1:1: parse error: offset may not be set multiple times
        rate(some_metric[5m]) @ 1234 => 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery
        foo @ 1 @ 2 => 1:1: parse error: @ <timestamp> may not be set multiple times
        foo @ start() @ end() => 1:1: parse error: @ <timestamp> may not be set multiple times
        foo @ +Inf => 1:1: parse error: timestamp out of bounds for @ modifier: +Inf
        foo @ -Inf => 1:1: parse error: timestamp out of bounds for @ modifier: -Inf
        foo @ NaN => 1:1: parse error: timestamp out of bounds for @ modifier: NaN
        foo @ 9223372036854775808 => 1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000
        foo[5y1hs] => 1:5: parse error: unknown unit "hs" in duration "5y1hs"
        foo[5m1h] => 1:5: parse error: not a valid duration string: "5m1h"
        foo[5m1m] => 1:5: parse error: not a valid duration string: "5m1m"
        foo[0m] => 1:5: parse error: duration must be greater than 0
        foo[-1] => 1:5: parse error: duration must be greater than 0
        foo[1m:0s] => 1:8: parse error: duration must be greater than 0
        foo[9.5e10] => 1:5: parse error: duration out of range
        foo offset 9.5e10 => 1:12: parse error: duration out of range
        foo offset -9.5e10 => 1:12: parse error: duration out of range
        some_metric OFFSET 1m[5m] => 1:22: parse error: no offset modifiers allowed before range
        some_metric offset step()[5m] => 1:26: parse error: no offset modifiers allowed before range
        some_metric @ 1234 [5m] => 1:20: parse error: no @ modifiers allowed before range
        some_metric @ start() [5m] => 1:23: parse error: no @ modifiers allowed before range
        some_metric @ end()[5m] => 1:20: parse error: no @ modifiers allowed before range
        (foo + bar)[5m] => 1:12: parse error: ranges only allowed for vector selectors
        rate(food[1m])[1h] offset 1h => 1:15: parse error: ranges only allowed for vector selectors
        [all] 1[5m] smoothed => 1:2: parse error: ranges only allowed for vector selectors
        sum () by (test) => 1:1: parse error: no arguments for aggregate expression provided
        sum() => 1:1: parse error: no arguments for aggregate expression provided
        topk(some_metric) => 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1
        sum(a, b) => 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2
        non_existent_function_far_bar() => 1:1: parse error: unknown function with name "non_existent_function_far_bar"
        a>b() => 1:3: parse error: unknown function with name "b"
        [all] foo[step()/0d] => 1:11: parse error: division by zero
        [all] foo[5s/0d] => 1:7: parse error: division by zero
        [all] foo offset (4d/0) => 1:15: parse error: division by zero
        [all] foo[5s%0d] => 1:7: parse error: modulo by zero
        [all] foo anchored smoothed => 1:1: parse error: anchored and smoothed modifiers cannot be used together
        [all] foo[5m:1m] anchored => 1:1: parse error: anchored modifier is not supported for subqueries
        [all] rate(foo[5m]) smoothed => 1:1: parse error: smoothed modifier not implemented

        # Experimental features are refused unless enabled.
        foo[5m+1m] => 1:5: parse error: experimental duration expression is not enabled
        foo offset (5m) => 1:13: parse error: experimental duration expression is not enabled
        limitk(2, foo) => 1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions
        limit_ratio(0.5, foo) => 1:1: parse error: limit_ratio() is experimental and must be enabled with --enable-feature=promql-experimental-functions
        sort_by_label(foo, "a") => 1:1: parse error: function "sort_by_label" is not enabled
        step() => 1:1: parse error: function "step" is not enabled
        foo anchored => 1:1: parse error: anchored modifier is experimental and not enabled
        foo[5m] smoothed => 1:1: parse error: smoothed modifier is experimental and not enabled

        # Types, checked once the syntax is right.
        1 and 1 => 1:1: parse error: set operator "and" not allowed in binary scalar expression
        1 or 1 => 1:1: parse error: set operator "or" not allowed in binary scalar expression
        1 unless 1 => 1:1: parse error: set operator "unless" not allowed in binary scalar expression
        foo and 1 => 1:1: parse error: set operator "and" not allowed in binary scalar expression
        1 unless foo => 1:1: parse error: set operator "unless" not allowed in binary scalar expression
        1 == 1 => 1:3: parse error: comparisons between scalars must use BOOL modifier
        1 or on(bar) foo => 1:1: parse error: vector matching only allowed between instant vectors
        foo == on(bar) 10 => 1:1: parse error: vector matching only allowed between instant vectors
        foo and on(bar) group_left(baz) bar => 1:1: parse error: no grouping allowed for "and" operation
        foo or on(bar) group_right(baz) bar => 1:1: parse error: no grouping allowed for "or" operation
        foo unless on(bar) group_left(baz) bar => 1:1: parse error: no grouping allowed for "unless" operation
        http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"} => 1:35: parse error: label "instance" must not occur in ON and GROUP clause at once
        foo + bool bar => 1:5: parse error: bool modifier can only be used on comparison operators
        foo and bool 10 => 1:5: parse error: bool modifier can only be used on comparison operators
        foo[5m] + 1 => 1:1: parse error: binary expression must contain only scalar and instant vector types
        1 + "a" => 1:5: parse error: binary expression must contain only scalar and instant vector types
        -"string" => 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"
        -test[5m] => 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"
        {} => 1:1: parse error: vector selector must contain at least one non-empty matcher
        {x=""} => 1:1: parse error: vector selector must contain at least one non-empty matcher
        {x=~".*"} => 1:1: parse error: vector selector must contain at least one non-empty matcher
        {x!~".+"} => 1:1: parse error: vector selector must contain at least one non-empty matcher
        {x!="a"} => 1:1: parse error: vector selector must contain at least one non-empty matcher
        foo{__name__="bar"} => 1:1: parse error: metric name must not be set twice: "foo" or "bar"
        foo{"bar"} => 1:1: parse error: metric name must not be set twice: "foo" or "bar"
        foo{__name__!="bar"} => 1:1: parse error: metric name must not be set twice: "foo" or "bar"
        test[5d] OFFSET 10s [10m:5s] => 1:1: parse error: subquery is only allowed on instant vector, got matrix instead
        (foo + bar{nm="val"})[5m:][10m:5s] => 1:1: parse error: subquery is only allowed on instant vector, got matrix instead
        topk(some_metric, other_metric) => 1:6: parse error: expected type scalar in aggregation parameter, got instant vector
        count_values(5, other_metric) => 1:14: parse error: expected type string in aggregation parameter, got scalar
        sum(foo[5m]) => 1:5: parse error: expected type instant vector in aggregation expression, got range vector
        floor() => 1:1: parse error: expected 1 argument(s) in call to "floor", got 0
        floor(some_metric, other_metric) => 1:1: parse error: expected 1 argument(s) in call to "floor", got 2
        floor(some_metric, 1) => 1:1: parse error: expected 1 argument(s) in call to "floor", got 2
        floor(1) => 1:7: parse error: expected type instant vector in call to function "floor", got scalar
        hour(some_metric, some_metric, some_metric) => 1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3
        label_join(a, "b") => 1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2
        label_join(a, "b", ",", "c", 1) => 1:30: parse error: expected type string in call to function "label_join", got scalar
        time(some_metric) => 1:1: parse error: expected 0 argument(s) in call to "time", got 1
        rate(some_metric) => 1:6: parse error: expected type range vector in call to function "rate", got instant vector
        rate(avg) => 1:6: parse error: expected type range vector in call to function "rate", got instant vector
        [all] info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"}) => 1:46: parse error: expected label selectors only, got vector selector instead
        [all] info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1) => 1:51: parse error: expected label selectors only
        """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void failsAsPrometheusDoes(Cases.Case c) {
    String input = c.input().equals("\"\"") ? "" : c.input();
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(input, c.options()));
    String expected = input.isEmpty() ? "unknown position: parse error: no expression found in input" : c.expected();
    assertEquals(expected, e.getMessage());
  }

  @Test
  void onlyACommentIsNoExpression() {
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr("# just a comment\n\n"));
    assertEquals("1:1: parse error: no expression found in input", e.getMessage());
  }

  @Test
  void everyErrorIsReportedInOrder() {
    ParseException e = assertThrows(ParseException.class,
        () -> Parser.parseExpr("foo and on(bar) group_left(baz) bar"));
    assertEquals(List.of("no grouping allowed for \"and\" operation", "set operations must always be many-to-many"),
        e.errors().stream().map(ParseError::message).toList());
    assertEquals(new PositionRange(0, 35), e.position());
    assertEquals("no grouping allowed for \"and\" operation", e.reason());
  }

  @Test
  void positionsCountLinesAndUtf8Bytes() {
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr("foo +\n  bar baz"));
    assertEquals("2:7: parse error: unexpected identifier \"baz\"", e.getMessage());
    ParseException wide = assertThrows(ParseException.class, () -> Parser.parseExpr("{a=\"é\"} bar"));
    assertEquals("1:10: parse error: unexpected identifier \"bar\"", wide.getMessage(), "é is two bytes");
  }

  @Test
  void aNumberTooLargeForAFloatIsAnError() {
    String nines = "9".repeat(309);
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(nines));
    assertEquals("1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"" + nines
        + "\": value out of range", e.getMessage());
  }

  @Test
  void textThatIsNotUtf8IsRefused() {
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr("some_metric{a=\"\uFFFD\"}"));
    assertEquals("1:15: parse error: invalid UTF-8 rune", e.getMessage());
  }

  @Test
  void anInvalidRegexIsAnErrorAtItsMatcher() {
    ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr("foo{a=~\"(\"}"));
    assertEquals(new PositionRange(4, 10), e.position());
    assertEquals("1:5: parse error: error parsing regexp: missing closing ): `^(?s:()$`", e.getMessage());
  }
}
