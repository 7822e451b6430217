package io.pipescope.query.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The function table against the parser: every entry can be called as declared, and only so. */
class FunctionsTest {

  static Stream<Function> functions() {
    return Functions.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void eachFunctionTakesTheArgumentsItDeclares(Function f) {
    List<String> args = new ArrayList<>();
    for (ValueType t : f.argTypes()) {
      args.add(example(t));
    }
    if (f.variadic() != 0) {
      args.remove(args.size() - 1); // The last argument is optional or repeated: leave it out ...
    }
    assertCalls(f, args);
    if (f.variadic() != 0) {
      // ... or give it as often as allowed.
      int times = f.variadic() > 0 ? f.variadic() : 3;
      for (int i = 0; i < times; i++) {
        args.add(example(f.argTypes().get(f.argTypes().size() - 1)));
      }
      assertCalls(f, args);
      args.add(example(f.argTypes().get(f.argTypes().size() - 1)));
      if (f.variadic() > 0) {
        String call = call(f, args);
        ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(call, ParserOptions.ALL_FEATURES));
        assertTrue(e.reason().startsWith("expected at most"), e.getMessage());
      }
    }
    List<String> tooMany = new ArrayList<>(f.argTypes().stream().map(FunctionsTest::example).toList());
    tooMany.add("1");
    if (f.variadic() == 0) {
      String call = call(f, tooMany);
      ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(call, ParserOptions.ALL_FEATURES));
      assertEquals("expected " + f.argTypes().size() + " argument(s) in call to \"" + f.name() + "\", got "
          + tooMany.size(), e.reason());
    }
  }

  private static void assertCalls(Function f, List<String> args) {
    String call = call(f, args);
    Expr e = Parser.parseExpr(call, ParserOptions.ALL_FEATURES);
    assertEquals(f.returnType(), e.type(), call);
    assertEquals(call, e.toString());
  }

  private static String call(Function f, List<String> args) {
    return f.name() + "(" + String.join(", ", args) + ")";
  }

  private static String example(ValueType t) {
    return switch (t) {
      case VECTOR -> "{a=\"b\"}"; // Not a name: info() wants label selectors only.
      case MATRIX -> "m[1m]";
      case SCALAR -> "1";
      case STRING -> "\"s\"";
      case NONE -> throw new AssertionError("no function takes a value of no type");
    };
  }

  @Test
  void experimentalFunctionsAreMarkedAndRefusedByDefault() {
    Set<String> experimental = Functions.all().stream().filter(Function::experimental).map(Function::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("double_exponential_smoothing", "end", "first_over_time",
        "histogram_quantiles", "info", "integral", "mad_over_time", "max_of", "min_of", "range",
        "sort_by_label", "sort_by_label_desc", "start", "step", "ts_of_first_over_time",
        "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time")), experimental);
    for (String name : experimental) {
      ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(name + "()"));
      assertEquals("function \"" + name + "\" is not enabled", e.reason());
    }
  }

  @Test
  void theTableHoldsEveryFunctionOfPrometheus314() {
    assertEquals(List.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh",
        "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time",
        "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv",
        "double_exponential_smoothing", "end", "exp", "first_over_time", "floor", "histogram_avg", "histogram_count",
        "histogram_fraction", "histogram_quantile", "histogram_quantiles", "histogram_stddev", "histogram_stdvar",
        "histogram_sum", "hour", "idelta", "increase", "info", "integral", "irate", "label_join", "label_replace",
        "last_over_time", "ln", "log10", "log2", "mad_over_time", "max_of", "max_over_time", "min_of",
        "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad",
        "range", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label",
        "sort_by_label_desc", "sort_desc", "sqrt", "start", "stddev_over_time", "stdvar_over_time", "step",
        "sum_over_time", "tan", "tanh", "time", "timestamp", "ts_of_first_over_time", "ts_of_last_over_time",
        "ts_of_max_over_time", "ts_of_min_over_time", "vector", "year"),
        Functions.all().stream().map(Function::name).toList());
    assertEquals(Functions.get("rate"), new Function("rate", List.of(ValueType.MATRIX), 0, ValueType.VECTOR, false));
    assertEquals(null, Functions.get("Rate"), "function names are case-sensitive");
    assertEquals(null, Functions.get("holt_winters"), "renamed to double_exponential_smoothing in Prometheus 3");
  }
}
