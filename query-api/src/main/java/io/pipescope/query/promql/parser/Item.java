package io.pipescope.query.promql.parser;

import java.nio.charset.StandardCharsets;

/**
 * A token: its type, where it starts in the query (a char offset) and its text as written. For an
 * {@link ItemType#ERROR} item the text is the lexer's message.
 */
record Item(ItemType type, int pos, String val) {

  int end() {
    return pos + val.length();
  }

  PositionRange range() {
    return new PositionRange(pos, end());
  }

  /** The item as Prometheus's {@code Item.String()} shows it. */
  @Override
  public String toString() {
    if (type == ItemType.EOF) {
      return "EOF";
    }
    if (type == ItemType.ERROR) {
      return val;
    }
    if (type == ItemType.IDENTIFIER || type == ItemType.METRIC_IDENTIFIER) {
      return GoStrings.quote(val);
    }
    if (type.isKeyword()) {
      return "<" + val + ">";
    }
    if (type.isOperator()) {
      return "<op:" + val + ">";
    }
    if (type.isAggregator()) {
      return "<aggr:" + val + ">";
    }
    if (val.getBytes(StandardCharsets.UTF_8).length > 10) {
      // Go's %.10q: the first ten runes, quoted.
      int cut = val.offsetByCodePoints(0, Math.min(10, val.codePointCount(0, val.length())));
      return GoStrings.quote(val.substring(0, cut)) + "...";
    }
    return GoStrings.quote(val);
  }

  /** The item as error messages name it: {@code identifier "foo"}, {@code <op:*>}, {@code end of input}. */
  String describe() {
    if (type.hasFixedText()) {
      return toString();
    }
    if (type == ItemType.EOF) {
      return type.describe();
    }
    return type.describe() + " " + this;
  }
}
