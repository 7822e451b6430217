package io.pipescope.query.promql.parser;

/**
 * Where in the grammar a syntax error happened, and what would have been accepted there: the
 * {@code error} rules of Prometheus's grammar, which decide the text of
 * {@code unexpected <token> in <context>, expected <expected>}.
 */
enum ErrorContext {
  TOP("", ""),
  AGGREGATION("aggregation", ""),
  GROUPING_OPEN("grouping opts", "\"(\""),
  GROUPING_LABEL("grouping opts", "label"),
  GROUPING_NEXT("grouping opts", "\",\" or \")\""),
  LABEL_MATCHER("label matching", "identifier or \"}\""),
  LABEL_MATCH_OPERATOR("label matching", "label matching operator"),
  LABEL_MATCH_VALUE("label matching", "string"),
  LABEL_MATCH_NEXT("label matching", "\",\" or \"}\""),
  OFFSET("offset", "number, duration, step(), or range()"),
  AT("@", "timestamp"),
  RANGE_OR_SUBQUERY("subquery or range selector", "number, duration, step(), or range()"),
  AFTER_RANGE("subquery or range", "\":\" or \"]\""),
  SUBQUERY_STEP("subquery selector", "number, duration, step(), range(), or \"]\""),
  SUBQUERY_END("subquery selector", "\"]\"");

  private final String context;
  private final String expected;

  ErrorContext(String context, String expected) {
    this.context = context;
    this.expected = expected;
  }

  String unexpected(Item item) {
    StringBuilder b = new StringBuilder("unexpected ").append(item.describe());
    if (!context.isEmpty()) {
      b.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      b.append(", expected ").append(expected);
    }
    return b.toString();
  }
}
