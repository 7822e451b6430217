package io.pipescope.query.promql.parser;

import java.util.List;

/**
 * A PromQL function's signature: argument types, how many trailing arguments are optional or
 * repeated, and the type it returns.
 *
 * @param variadic 0: exactly {@code argTypes} arguments; {@code n > 0}: the last argument type may
 *     be given from 0 to {@code n} times; {@code -1}: the last type may repeat without limit
 * @param experimental behind the experimental-functions switch, as in Prometheus
 */
public record Function(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {

  public Function {
    argTypes = List.copyOf(argTypes);
  }
}
