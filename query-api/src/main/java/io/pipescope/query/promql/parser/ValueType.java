package io.pipescope.query.promql.parser;

/** The four types a PromQL expression evaluates to, and none for what has no value. */
public enum ValueType {
  NONE("none"),
  VECTOR("vector"),
  SCALAR("scalar"),
  MATRIX("matrix"),
  STRING("string");

  private final String name;

  ValueType(String name) {
    this.name = name;
  }

  /** The name as the user documentation writes it: {@code instant vector}, {@code range vector}. */
  public String documentedName() {
    return switch (this) {
      case VECTOR -> "instant vector";
      case MATRIX -> "range vector";
      default -> name;
    };
  }

  /** The API's name for the type ({@code "resultType"}): {@code vector}, {@code matrix}, ... */
  @Override
  public String toString() {
    return name;
  }
}
