package io.pipescope.query.promql.parser;

import static io.pipescope.query.promql.parser.ValueType.MATRIX;
import static io.pipescope.query.promql.parser.ValueType.SCALAR;
import static io.pipescope.query.promql.parser.ValueType.STRING;
import static io.pipescope.query.promql.parser.ValueType.VECTOR;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every function PromQL knows, one entry each, as {@code promql/parser/functions.go} lists them in
 * Prometheus v3.14. The table is the only place a new function is declared; the engine attaches an
 * implementation to each name.
 */
public final class Functions {
  private static final Map<String, Function> TABLE = new TreeMap<>();

  static {
    // Instant-vector math.
    stable("abs", VECTOR, VECTOR);
    stable("ceil", VECTOR, VECTOR);
    stable("exp", VECTOR, VECTOR);
    stable("floor", VECTOR, VECTOR);
    stable("ln", VECTOR, VECTOR);
    stable("log10", VECTOR, VECTOR);
    stable("log2", VECTOR, VECTOR);
    stable("sgn", VECTOR, VECTOR);
    stable("sqrt", VECTOR, VECTOR);
    stable("clamp", VECTOR, VECTOR, SCALAR, SCALAR);
    stable("clamp_max", VECTOR, VECTOR, SCALAR);
    stable("clamp_min", VECTOR, VECTOR, SCALAR);
    optional("round", 1, VECTOR, VECTOR, SCALAR);

    // Trigonometry.
    stable("acos", VECTOR, VECTOR);
    stable("acosh", VECTOR, VECTOR);
    stable("asin", VECTOR, VECTOR);
    stable("asinh", VECTOR, VECTOR);
    stable("atan", VECTOR, VECTOR);
    stable("atanh", VECTOR, VECTOR);
    stable("cos", VECTOR, VECTOR);
    stable("cosh", VECTOR, VECTOR);
    stable("sin", VECTOR, VECTOR);
    stable("sinh", VECTOR, VECTOR);
    stable("tan", VECTOR, VECTOR);
    stable("tanh", VECTOR, VECTOR);
    stable("deg", VECTOR, VECTOR);
    stable("rad", VECTOR, VECTOR);
    stable("pi", SCALAR);

    // Range-vector functions.
    stable("absent_over_time", VECTOR, MATRIX);
    stable("avg_over_time", VECTOR, MATRIX);
    stable("changes", VECTOR, MATRIX);
    stable("count_over_time", VECTOR, MATRIX);
    stable("delta", VECTOR, MATRIX);
    stable("deriv", VECTOR, MATRIX);
    stable("idelta", VECTOR, MATRIX);
    stable("increase", VECTOR, MATRIX);
    stable("irate", VECTOR, MATRIX);
    stable("last_over_time", VECTOR, MATRIX);
    stable("max_over_time", VECTOR, MATRIX);
    stable("min_over_time", VECTOR, MATRIX);
    stable("predict_linear", VECTOR, MATRIX, SCALAR);
    stable("present_over_time", VECTOR, MATRIX);
    stable("quantile_over_time", VECTOR, SCALAR, MATRIX);
    stable("rate", VECTOR, MATRIX);
    stable("resets", VECTOR, MATRIX);
    stable("stddev_over_time", VECTOR, MATRIX);
    stable("stdvar_over_time", VECTOR, MATRIX);
    stable("sum_over_time", VECTOR, MATRIX);
    experimental("double_exponential_smoothing", 0, VECTOR, MATRIX, SCALAR, SCALAR);
    experimental("first_over_time", 0, VECTOR, MATRIX);
    experimental("integral", 1, VECTOR, MATRIX, SCALAR);
    experimental("mad_over_time", 0, VECTOR, MATRIX);
    experimental("ts_of_first_over_time", 0, VECTOR, MATRIX);
    experimental("ts_of_last_over_time", 0, VECTOR, MATRIX);
    experimental("ts_of_max_over_time", 0, VECTOR, MATRIX);
    experimental("ts_of_min_over_time", 0, VECTOR, MATRIX);

    // Histograms.
    stable("histogram_avg", VECTOR, VECTOR);
    stable("histogram_count", VECTOR, VECTOR);
    stable("histogram_fraction", VECTOR, SCALAR, SCALAR, VECTOR);
    stable("histogram_quantile", VECTOR, SCALAR, VECTOR);
    stable("histogram_stddev", VECTOR, VECTOR);
    stable("histogram_stdvar", VECTOR, VECTOR);
    stable("histogram_sum", VECTOR, VECTOR);
    experimental("histogram_quantiles", 9, VECTOR, VECTOR, STRING, SCALAR, SCALAR);

    // Labels, sorting, types.
    stable("absent", VECTOR, VECTOR);
    optional("label_join", -1, VECTOR, VECTOR, STRING, STRING, STRING);
    stable("label_replace", VECTOR, VECTOR, STRING, STRING, STRING, STRING);
    stable("scalar", SCALAR, VECTOR);
    stable("sort", VECTOR, VECTOR);
    stable("sort_desc", VECTOR, VECTOR);
    experimental("sort_by_label", -1, VECTOR, VECTOR, STRING);
    experimental("sort_by_label_desc", -1, VECTOR, VECTOR, STRING);
    stable("timestamp", VECTOR, VECTOR);
    stable("vector", VECTOR, SCALAR);
    experimental("info", 1, VECTOR, VECTOR, VECTOR);

    // Time and the query's own range.
    optional("day_of_month", 1, VECTOR, VECTOR);
    optional("day_of_week", 1, VECTOR, VECTOR);
    optional("day_of_year", 1, VECTOR, VECTOR);
    optional("days_in_month", 1, VECTOR, VECTOR);
    optional("hour", 1, VECTOR, VECTOR);
    optional("minute", 1, VECTOR, VECTOR);
    optional("month", 1, VECTOR, VECTOR);
    optional("year", 1, VECTOR, VECTOR);
    stable("time", SCALAR);
    experimental("start", 0, SCALAR);
    experimental("end", 0, SCALAR);
    experimental("step", 0, SCALAR);
    experimental("range", 0, SCALAR);
    experimental("min_of", 0, SCALAR, SCALAR, SCALAR);
    experimental("max_of", 0, SCALAR, SCALAR, SCALAR);
  }

  private Functions() {}

  private static void stable(String name, ValueType returns, ValueType... args) {
    add(new Function(name, List.of(args), 0, returns, false));
  }

  private static void optional(String name, int variadic, ValueType returns, ValueType... args) {
    add(new Function(name, List.of(args), variadic, returns, false));
  }

  private static void experimental(String name, int variadic, ValueType returns, ValueType... args) {
    add(new Function(name, List.of(args), variadic, returns, true));
  }

  private static void add(Function f) {
    if (TABLE.put(f.name(), f) != null) {
      throw new IllegalStateException("function declared twice: " + f.name());
    }
  }

  /** The function called {@code name} (case matters), or null. */
  public static Function get(String name) {
    return TABLE.get(name);
  }

  /** All functions, by name. */
  public static Collection<Function> all() {
    return Collections.unmodifiableCollection(TABLE.values());
  }
}
