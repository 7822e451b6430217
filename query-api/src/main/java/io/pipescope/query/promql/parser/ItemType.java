package io.pipescope.query.promql.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of token the lexer emits, with the spelling and category Prometheus gives each
 * ({@code promql/parser/lex.go}): the category decides how a token reads in an error message
 * ({@code <op:*>}, {@code <aggr:sum>}, {@code <by>}).
 */
public enum ItemType {
  EQL("="),
  COLON(":"),
  DOUBLE_COLON("::"),
  COMMA(","),
  COMMENT(null),
  DURATION(null),
  EOF(null),
  ERROR(null),
  IDENTIFIER(null),
  LEFT_BRACE("{"),
  LEFT_BRACKET("["),
  LEFT_PAREN("("),
  METRIC_IDENTIFIER(null),
  NUMBER(null),
  RIGHT_BRACE("}"),
  RIGHT_BRACKET("]"),
  RIGHT_PAREN(")"),
  STRING(null),

  // Operators.
  ADD("+", Category.OPERATOR),
  DIV("/", Category.OPERATOR),
  EQLC("==", Category.OPERATOR),
  EQL_REGEX("=~", Category.OPERATOR),
  GTE(">=", Category.OPERATOR),
  GTR(">", Category.OPERATOR),
  LAND("and", Category.OPERATOR),
  LOR("or", Category.OPERATOR),
  LSS("<", Category.OPERATOR),
  LTE("<=", Category.OPERATOR),
  LUNLESS("unless", Category.OPERATOR),
  MOD("%", Category.OPERATOR),
  MUL("*", Category.OPERATOR),
  NEQ("!=", Category.OPERATOR),
  NEQ_REGEX("!~", Category.OPERATOR),
  POW("^", Category.OPERATOR),
  SUB("-", Category.OPERATOR),
  AT("@", Category.OPERATOR),
  TRIM_UPPER("</", Category.OPERATOR),
  TRIM_LOWER(">/", Category.OPERATOR),
  ATAN2("atan2", Category.OPERATOR),

  // Aggregators.
  AVG("avg", Category.AGGREGATOR),
  BOTTOMK("bottomk", Category.AGGREGATOR),
  COUNT("count", Category.AGGREGATOR),
  COUNT_VALUES("count_values", Category.AGGREGATOR),
  GROUP("group", Category.AGGREGATOR),
  MAX("max", Category.AGGREGATOR),
  MIN("min", Category.AGGREGATOR),
  QUANTILE("quantile", Category.AGGREGATOR),
  STDDEV("stddev", Category.AGGREGATOR),
  STDVAR("stdvar", Category.AGGREGATOR),
  SUM("sum", Category.AGGREGATOR),
  TOPK("topk", Category.AGGREGATOR),
  LIMITK("limitk", Category.AGGREGATOR),
  LIMIT_RATIO("limit_ratio", Category.AGGREGATOR),

  // Keywords.
  BOOL("bool", Category.KEYWORD),
  BY("by", Category.KEYWORD),
  GROUP_LEFT("group_left", Category.KEYWORD),
  GROUP_RIGHT("group_right", Category.KEYWORD),
  IGNORING("ignoring", Category.KEYWORD),
  OFFSET("offset", Category.KEYWORD),
  SMOOTHED("smoothed", Category.KEYWORD),
  ANCHORED("anchored", Category.KEYWORD),
  ON("on", Category.KEYWORD),
  WITHOUT("without", Category.KEYWORD),

  // Preprocessors: the @ modifier's start() and end(), the duration functions step() and range().
  START("start", Category.PREPROCESSOR),
  END("end", Category.PREPROCESSOR),
  STEP("step", Category.PREPROCESSOR),
  RANGE("range", Category.PREPROCESSOR),

  // Duration-expression functions; the lexer emits them as identifiers, the parser names them.
  MIN_OF("min_of"),
  MAX_OF("max_of");

  enum Category { OTHER, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR }

  private static final Map<String, ItemType> KEYWORDS = new HashMap<>();

  static {
    for (ItemType t : values()) {
      if (t.category != Category.OTHER) {
        KEYWORDS.put(t.text, t);
      }
    }
    // AT and the symbolic operators are not words.
    KEYWORDS.entrySet().removeIf(e -> !Character.isLetter(e.getKey().charAt(0)));
  }

  private final String text;
  private final Category category;

  ItemType(String text) {
    this(text, Category.OTHER);
  }

  ItemType(String text, Category category) {
    this.text = text;
    this.category = category;
  }

  /** The keyword (operator, aggregator, keyword or preprocessor) spelled {@code word}, any case. */
  static ItemType keyword(String word) {
    return KEYWORDS.get(word.toLowerCase(Locale.ROOT));
  }

  /** Whether the type has a fixed spelling, Prometheus's {@code ItemTypeStr}. */
  boolean hasFixedText() {
    return text != null && this != MIN_OF && this != MAX_OF;
  }

  public boolean isOperator() {
    return category == Category.OPERATOR;
  }

  public boolean isAggregator() {
    return category == Category.AGGREGATOR;
  }

  public boolean isKeyword() {
    return category == Category.KEYWORD;
  }

  /** topk, bottomk, count_values, quantile, limitk and limit_ratio take a parameter first. */
  public boolean isAggregatorWithParam() {
    return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE
        || this == LIMITK || this == LIMIT_RATIO;
  }

  /** limitk and limit_ratio sit behind the experimental-functions switch. */
  public boolean isExperimentalAggregator() {
    return this == LIMITK || this == LIMIT_RATIO;
  }

  public boolean isComparisonOperator() {
    return this == EQLC || this == NEQ || this == LTE || this == LSS || this == GTE || this == GTR;
  }

  public boolean isSetOperator() {
    return this == LAND || this == LOR || this == LUNLESS;
  }

  /** The type's spelling in PromQL ({@code sum}, {@code +}), as {@code ItemType.String()} gives it. */
  @Override
  public String toString() {
    return text != null ? text : "<Item " + name() + ">";
  }

  /** How an error message names a token of this type when its value adds nothing. */
  String describe() {
    return switch (this) {
      case ERROR -> "error";
      case EOF -> "end of input";
      case COMMENT -> "comment";
      case IDENTIFIER -> "identifier";
      case METRIC_IDENTIFIER -> "metric identifier";
      case STRING -> "string";
      case NUMBER -> "number";
      case DURATION -> "duration";
      default -> GoStrings.quote(toString());
    };
  }
}
