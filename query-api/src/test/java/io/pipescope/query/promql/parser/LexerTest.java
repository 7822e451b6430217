package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tokens of an input, in the spirit of Prometheus's {@code lex_test.go}. A token shows as its
 * type, with its text in parentheses when the type has no fixed spelling; an error shows its message.
 */
class LexerTest {

  static List<Arguments> tokens() {
    return Cases.of("""
        # Common.
        , => COMMA
        () => LEFT_PAREN RIGHT_PAREN
        {} => LEFT_BRACE RIGHT_BRACE
        [5m] => LEFT_BRACKET DURATION(5m) RIGHT_BRACKET
        [ 5m] => LEFT_BRACKET DURATION(5m) RIGHT_BRACKET
        [  5m] => LEFT_BRACKET DURATION(5m) RIGHT_BRACKET
        [  5m ] => LEFT_BRACKET DURATION(5m) RIGHT_BRACKET
        \\r\\n\\r => <none>

        # Numbers and durations.
        1 => NUMBER(1)
        4.23 => NUMBER(4.23)
        .3 => NUMBER(.3)
        5. => NUMBER(5.)
        NaN => NUMBER(NaN)
        nAN => NUMBER(nAN)
        NaN 123 => NUMBER(NaN) NUMBER(123)
        NaN123 => IDENTIFIER(NaN123)
        iNf => NUMBER(iNf)
        Inf => NUMBER(Inf)
        +Inf => ADD NUMBER(Inf)
        +Inf 123 => ADD NUMBER(Inf) NUMBER(123)
        -Inf => SUB NUMBER(Inf)
        0x123 => NUMBER(0x123)
        0X_1f => NUMBER(0X_1f)
        1e-10 => NUMBER(1e-10)
        1_000_000 => NUMBER(1_000_000)
        5s => DURATION(5s)
        123m => DURATION(123m)
        1h => DURATION(1h)
        3w => DURATION(3w)
        1y => DURATION(1y)
        1h30m => DURATION(1h30m)
        5ms => DURATION(5ms)
        0xABCDEFg => ERROR(bad number or duration syntax: "0xABCDEF")
        1_ => ERROR(bad number or duration syntax: "1_")
        1e => ERROR(bad number or duration syntax: "1e")
        1.5.2 => ERROR(bad number or duration syntax: "1.5.")
        12x => ERROR(bad number or duration syntax: "12")

        # Strings.
        "test\\tsequence" => STRING("test\\tsequence")
        "test\\\\.expression" => STRING("test\\\\.expression")
        "test\\.expression" => ERROR(unknown escape sequence U+002E '.')
        `test\\.expression` => STRING(`test\\.expression`)
        ".٩" => STRING(".٩")
        "abc => ERROR(unterminated quoted string)
        'a"b' => STRING('a"b')

        # Identifiers.
        abc => IDENTIFIER(abc)
        a:bc => METRIC_IDENTIFIER(a:bc)
        abc d => IDENTIFIER(abc) IDENTIFIER(d)
        :bc => METRIC_IDENTIFIER(:bc)
        0a:bc => ERROR(bad number or duration syntax: "0")

        # Comments.
        5 # 1+1 => NUMBER(5) COMMENT(# 1+1)

        # Operators.
        = => EQL
        {=} => LEFT_BRACE EQL RIGHT_BRACE
        == => EQLC
        != => NEQ
        < => LSS
        > => GTR
        >= => GTE
        <= => LTE
        </ => TRIM_UPPER
        >/ => TRIM_LOWER
        + => ADD
        - => SUB
        * => MUL
        / => DIV
        ^ => POW
        % => MOD
        AND => LAND(AND)
        or => LOR
        unless => LUNLESS
        @ => AT
        atan2 => ATAN2

        # Aggregators and keywords, any case.
        sum => SUM
        AVG => AVG(AVG)
        count_values => COUNT_VALUES
        limitk => LIMITK
        offset => OFFSET
        by => BY
        without => WITHOUT
        on => ON
        ignoring => IGNORING
        group_left => GROUP_LEFT
        group_right => GROUP_RIGHT
        bool => BOOL
        start => START
        end => END
        step => STEP
        anchored => ANCHORED
        fill => IDENTIFIER(fill)

        # Selectors: keywords inside braces are identifiers.
        {foo="bar"} => LEFT_BRACE IDENTIFIER(foo) EQL STRING("bar") RIGHT_BRACE
        {NaN	!= "bar" } => LEFT_BRACE IDENTIFIER(NaN) NEQ STRING("bar") RIGHT_BRACE
        {alert=~"bar" } => LEFT_BRACE IDENTIFIER(alert) EQL_REGEX STRING("bar") RIGHT_BRACE
        {on!~"bar"} => LEFT_BRACE IDENTIFIER(on) NEQ_REGEX STRING("bar") RIGHT_BRACE
        {"a.b"="c"} => LEFT_BRACE STRING("a.b") EQL STRING("c") RIGHT_BRACE
        {alert!#"bar"} => LEFT_BRACE IDENTIFIER(alert) ERROR(unexpected character after '!' inside braces: '#')
        {foo:a="bar"} => LEFT_BRACE IDENTIFIER(foo) ERROR(unexpected character inside braces: ':')
        # Errors.
        =~ => ERROR(unexpected character after '=': '~')
        !~ => ERROR(unexpected character after '!': '~')
        != => NEQ
        !( => ERROR(unexpected character after '!': '(')
        1a => ERROR(bad number or duration syntax: "1")
        ( => LEFT_PAREN ERROR(unclosed left parenthesis)
        ) => ERROR(unexpected right parenthesis ')')
        ()) => LEFT_PAREN RIGHT_PAREN ERROR(unexpected right parenthesis ')')
        [ => LEFT_BRACKET ERROR(unexpected end of input in duration expression)
        [5m => LEFT_BRACKET DURATION(5m) ERROR(unclosed left bracket)
        ] => ERROR(unexpected right bracket ']')
        [[ => LEFT_BRACKET ERROR(unexpected character in duration expression: '[')
        { => LEFT_BRACE ERROR(unexpected end of input inside braces)
        {{ => LEFT_BRACE ERROR(unexpected left brace '{')
        ~ => ERROR(unexpected character: '~')

        # Subqueries and duration expressions.
        test_name{on!~"bar"}[4m:4s] => IDENTIFIER(test_name) LEFT_BRACE IDENTIFIER(on) NEQ_REGEX STRING("bar") RIGHT_BRACE LEFT_BRACKET DURATION(4m) COLON DURATION(4s) RIGHT_BRACKET
        test:name[ 5m] => METRIC_IDENTIFIER(test:name) LEFT_BRACKET DURATION(5m) RIGHT_BRACKET
        foo[5m:] => IDENTIFIER(foo) LEFT_BRACKET DURATION(5m) COLON RIGHT_BRACKET
        foo[:5m] => IDENTIFIER(foo) LEFT_BRACKET ERROR(unexpected colon before duration in duration expression)
        foo[5m::] => IDENTIFIER(foo) LEFT_BRACKET DURATION(5m) DOUBLE_COLON RIGHT_BRACKET
        foo[5m:1m:] => IDENTIFIER(foo) LEFT_BRACKET DURATION(5m) COLON DURATION(1m) ERROR(unexpected colon ':')
        foo[step()*2] => IDENTIFIER(foo) LEFT_BRACKET STEP LEFT_PAREN RIGHT_PAREN MUL NUMBER(2) RIGHT_BRACKET
        foo[2m/range()] => IDENTIFIER(foo) LEFT_BRACKET DURATION(2m) DIV RANGE LEFT_PAREN RIGHT_PAREN RIGHT_BRACKET
        foo[max_of(1m,step())] => IDENTIFIER(foo) LEFT_BRACKET IDENTIFIER(max_of) LEFT_PAREN DURATION(1m) COMMA STEP LEFT_PAREN RIGHT_PAREN RIGHT_PAREN RIGHT_BRACKET
        foo[5m x] => IDENTIFIER(foo) LEFT_BRACKET DURATION(5m) ERROR(unexpected character: 'x', expected ':')
        foo[x] => IDENTIFIER(foo) LEFT_BRACKET ERROR(unexpected character in duration expression: 'x')
        foo offset -5m => IDENTIFIER(foo) OFFSET SUB DURATION(5m)
        """);
  }

  @Test
  void aCommentRunsToTheEndOfTheLine() {
    assertEquals("COMMENT(# some comment)", describe("# some comment"));
    assertEquals("IDENTIFIER(a) COMMENT(# x) IDENTIFIER(b)", describe("a # x\nb"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void lexesAsPrometheus(Cases.Case c) {
    String input = c.input().replace("\\r", "\r").replace("\\n", "\n");
    assertEquals(c.expected(), describe(input));
  }

  static String describe(String input) {
    Lexer lexer = new Lexer(input);
    List<String> out = new ArrayList<>();
    for (Item item = lexer.nextItem(); item.type() != ItemType.EOF; item = lexer.nextItem()) {
      boolean plain = item.type().hasFixedText() && item.val().equals(item.type().toString());
      out.add(plain ? item.type().name() : item.type().name() + "(" + item.val() + ")");
      if (item.type() == ItemType.ERROR) {
        break;
      }
    }
    return out.isEmpty() ? "<none>" : String.join(" ", out);
  }
}
