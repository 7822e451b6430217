package io.pipescope.query.promql.parser;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Vector selectors ({@code name{label="value", "utf8.label"=~"re"}}) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}.
 */
final class SelectorParser {
  private static final String METRIC_NAME = "__name__";

  /** Tokens that may name a label in a grouping list: identifiers and most keywords (not {@code without}). */
  private static final Set<ItemType> GROUPING_LABELS = EnumSet.of(
      ItemType.IDENTIFIER, ItemType.METRIC_IDENTIFIER, ItemType.AVG, ItemType.BOOL, ItemType.BOTTOMK,
      ItemType.BY, ItemType.COUNT, ItemType.COUNT_VALUES, ItemType.GROUP, ItemType.GROUP_LEFT,
      ItemType.GROUP_RIGHT, ItemType.IGNORING, ItemType.LAND, ItemType.LOR, ItemType.LUNLESS,
      ItemType.MAX, ItemType.MIN, ItemType.OFFSET, ItemType.ON, ItemType.QUANTILE, ItemType.STDDEV,
      ItemType.STDVAR, ItemType.SUM, ItemType.TOPK, ItemType.START, ItemType.END, ItemType.ATAN2,
      ItemType.LIMITK, ItemType.LIMIT_RATIO, ItemType.STEP, ItemType.RANGE, ItemType.ANCHORED,
      ItemType.SMOOTHED);

  /** Tokens that may be a metric name before braces: identifiers and the keywords PromQL lets through. */
  static final Set<ItemType> METRIC_NAMES = EnumSet.of(
      ItemType.IDENTIFIER, ItemType.METRIC_IDENTIFIER, ItemType.AVG, ItemType.BOTTOMK, ItemType.BY,
      ItemType.COUNT, ItemType.COUNT_VALUES, ItemType.GROUP, ItemType.LAND, ItemType.LOR,
      ItemType.LUNLESS, ItemType.MAX, ItemType.MIN, ItemType.OFFSET, ItemType.QUANTILE,
      ItemType.STDDEV, ItemType.STDVAR, ItemType.SUM, ItemType.TOPK, ItemType.WITHOUT, ItemType.START,
      ItemType.END, ItemType.LIMITK, ItemType.LIMIT_RATIO, ItemType.STEP, ItemType.RANGE,
      ItemType.ANCHORED, ItemType.SMOOTHED);

  private final Tokens tokens;

  SelectorParser(Tokens tokens) {
    this.tokens = tokens;
  }

  /** A selector starting at a metric name or at {@code {}. */
  VectorSelector vectorSelector() {
    Item name = tokens.at(ItemType.LEFT_BRACE) ? null : tokens.next();
    int start = name != null ? name.pos() : tokens.peek().pos();
    List<LabelMatcher> matchers = new ArrayList<>();
    if (tokens.at(ItemType.LEFT_BRACE)) {
      labelMatchers(matchers);
    }
    if (name != null) {
      matchers.add(LabelMatcher.equal(METRIC_NAME, name.val()));
    }
    return VectorSelector.of(
        name == null ? "" : name.val(), matchers, new PositionRange(start, tokens.lastEnd()));
  }

  private void labelMatchers(List<LabelMatcher> into) {
    tokens.next();
    if (tokens.at(ItemType.RIGHT_BRACE)) {
      tokens.next();
      return;
    }
    while (true) {
      into.add(labelMatcher());
      Item t = tokens.peek();
      if (t.type() == ItemType.COMMA) {
        tokens.next();
        if (tokens.at(ItemType.RIGHT_BRACE)) {
          tokens.next();
          return;
        }
      } else if (t.type() == ItemType.RIGHT_BRACE) {
        tokens.next();
        return;
      } else {
        throw tokens.unexpected(t, ErrorContext.LABEL_MATCH_NEXT);
      }
    }
  }

  private LabelMatcher labelMatcher() {
    Item label = tokens.peek();
    String name;
    if (label.type() == ItemType.IDENTIFIER) {
      tokens.next();
      name = label.val();
      if (!isMatchOperator(tokens.peek().type())) {
        throw tokens.unexpected(tokens.peek(), ErrorContext.LABEL_MATCH_OPERATOR);
      }
    } else if (label.type() == ItemType.STRING) {
      tokens.next();
      name = Literals.string(tokens, label);
      if (!isMatchOperator(tokens.peek().type())) {
        return LabelMatcher.equal(METRIC_NAME, name); // {"my.metric"} names the metric.
      }
    } else {
      throw tokens.unexpected(label, ErrorContext.LABEL_MATCHER);
    }
    Item op = tokens.next();
    Item value = tokens.peek();
    if (value.type() != ItemType.STRING) {
      throw tokens.unexpected(value, ErrorContext.LABEL_MATCH_VALUE);
    }
    tokens.next();
    String v = Literals.string(tokens, value);
    LabelMatcher.Type type = matchType(op.type());
    if (type == LabelMatcher.Type.REGEX || type == LabelMatcher.Type.NOT_REGEX) {
      try {
        // Compiled as Prometheus compiles it, so that a bad pattern fails with Go's message.
        Pattern.compile("^(?s:" + v + ")$");
      } catch (PatternSyntaxException e) {
        throw tokens.fail(PositionRange.merge(label.range(), value.range()), e.getMessage());
      }
    }
    return LabelMatcher.of(type, name, v);
  }

  private static boolean isMatchOperator(ItemType t) {
    return t == ItemType.EQL || t == ItemType.NEQ || t == ItemType.EQL_REGEX || t == ItemType.NEQ_REGEX;
  }

  private static LabelMatcher.Type matchType(ItemType t) {
    return switch (t) {
      case EQL -> LabelMatcher.Type.EQUAL;
      case NEQ -> LabelMatcher.Type.NOT_EQUAL;
      case EQL_REGEX -> LabelMatcher.Type.REGEX;
      case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
      default -> throw new IllegalArgumentException(t.name());
    };
  }

  /** {@code (a, b, "c.d")} after by, without, on, ignoring or group_x; a trailing comma is allowed. */
  List<String> groupingLabels() {
    if (!tokens.at(ItemType.LEFT_PAREN)) {
      throw tokens.unexpected(tokens.peek(), ErrorContext.GROUPING_OPEN);
    }
    tokens.next();
    List<String> labels = new ArrayList<>();
    if (tokens.at(ItemType.RIGHT_PAREN)) {
      tokens.next();
      return labels;
    }
    while (true) {
      Item label = tokens.peek();
      if (GROUPING_LABELS.contains(label.type())) {
        labels.add(label.val());
      } else if (label.type() == ItemType.STRING) {
        String s = Literals.string(tokens, label);
        if (s.isEmpty() || !GoStrings.isValidUtf8(s)) {
          throw tokens.fail(label.range(), "invalid label name for grouping: " + GoStrings.quote(s));
        }
        labels.add(s);
      } else {
        throw tokens.unexpected(label, ErrorContext.GROUPING_LABEL);
      }
      tokens.next();
      Item t = tokens.peek();
      if (t.type() == ItemType.COMMA) {
        tokens.next();
        if (tokens.at(ItemType.RIGHT_PAREN)) {
          tokens.next();
          return labels;
        }
      } else if (t.type() == ItemType.RIGHT_PAREN) {
        tokens.next();
        return labels;
      } else {
        throw tokens.unexpected(t, ErrorContext.GROUPING_NEXT);
      }
    }
  }
}
