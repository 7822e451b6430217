package io.pipescope.query.promql.parser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The expression grammar of {@code generated_parser.y}, by recursive descent: binary operators by
 * precedence climbing ({@code or} < {@code and unless} < comparisons and trims < {@code + -} <
 * {@code * / % atan2} < {@code ^}, all left-associative but {@code ^}); a unary sign binds like
 * {@code *}; ranges, subqueries, {@code offset} and {@code @} bind tightest, to what precedes them.
 */
final class ExprParser {
  private static final int POW_PRECEDENCE = 6;

  private static final Set<ItemType> STARTS_EXPRESSION;

  static {
    Set<ItemType> s = EnumSet.copyOf(SelectorParser.METRIC_NAMES);
    s.addAll(List.of(ItemType.NUMBER, ItemType.DURATION, ItemType.STRING, ItemType.LEFT_PAREN,
        ItemType.LEFT_BRACE, ItemType.ADD, ItemType.SUB));
    STARTS_EXPRESSION = s;
  }

  private final Tokens tokens;
  private final ParserOptions options;
  private final SelectorParser selectors;
  private final DurationParser durations;
  private final Modifiers modifiers;

  ExprParser(Tokens tokens, ParserOptions options) {
    this.tokens = tokens;
    this.options = options;
    this.selectors = new SelectorParser(tokens);
    this.durations = new DurationParser(tokens, options);
    this.modifiers = new Modifiers(tokens, options);
  }

  /** The whole input as one expression. */
  Expr query() {
    if (tokens.at(ItemType.EOF)) {
      throw tokens.fail(new PositionRange(0, 0), "no expression found in input");
    }
    Expr e = expr(0);
    if (!tokens.at(ItemType.EOF)) {
      throw tokens.unexpected(tokens.peek());
    }
    return e;
  }

  private Expr expr(int minPrecedence) {
    Expr lhs = unary();
    while (true) {
      Item op = tokens.peek();
      int p = precedence(op.type());
      if (p == 0 || p < minPrecedence) {
        return lhs;
      }
      tokens.next();
      boolean returnBool = false;
      if (tokens.at(ItemType.BOOL)) {
        tokens.next();
        returnBool = true;
      }
      VectorMatching matching = vectorMatching();
      Expr rhs = expr(op.type() == ItemType.POW ? p : p + 1);
      lhs = new BinaryExpr(op.type(), lhs, rhs, matching, returnBool);
    }
  }

  private static int precedence(ItemType t) {
    return switch (t) {
      case LOR -> 1;
      case LAND, LUNLESS -> 2;
      // The histogram trim operators bind like comparisons: h </ 2 * x trims at 2 * x.
      case EQLC, NEQ, LTE, LSS, GTE, GTR, TRIM_UPPER, TRIM_LOWER -> 3;
      case ADD, SUB -> 4;
      case MUL, DIV, MOD, ATAN2 -> 5;
      case POW -> POW_PRECEDENCE;
      default -> 0;
    };
  }

  /** {@code on(...)} or {@code ignoring(...)}, then {@code group_left(...)} or {@code group_right(...)}. */
  private VectorMatching vectorMatching() {
    if (!tokens.at(ItemType.ON) && !tokens.at(ItemType.IGNORING)) {
      return VectorMatching.oneToOne();
    }
    boolean on = tokens.next().type() == ItemType.ON;
    List<String> labels = selectors.groupingLabels();
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    if (tokens.at(ItemType.GROUP_LEFT) || tokens.at(ItemType.GROUP_RIGHT)) {
      card = tokens.next().type() == ItemType.GROUP_LEFT
          ? VectorMatching.Cardinality.MANY_TO_ONE
          : VectorMatching.Cardinality.ONE_TO_MANY;
      // A parenthesis right after group_x is always its label list, never the right operand.
      if (tokens.at(ItemType.LEFT_PAREN)) {
        include = selectors.groupingLabels();
      }
    }
    return new VectorMatching(card, labels, on, include);
  }

  /** A sign applies to what follows up to any operator looser than {@code ^}; numbers absorb it. */
  private Expr unary() {
    Item t = tokens.peek();
    if (t.type() != ItemType.ADD && t.type() != ItemType.SUB) {
      return postfix(primary());
    }
    tokens.next();
    Expr operand = expr(POW_PRECEDENCE);
    if (operand instanceof NumberLiteral n) {
      double v = t.type() == ItemType.SUB ? -n.value() : n.value();
      return new NumberLiteral(v, n.duration(), new PositionRange(t.pos(), n.positionRange().end()));
    }
    return new UnaryExpr(t.type(), operand, t.pos());
  }

  private Expr primary() {
    Item t = tokens.peek();
    ItemType type = t.type();
    switch (type) {
      case NUMBER, DURATION -> {
        return Literals.number(tokens, tokens.next());
      }
      case STRING -> {
        tokens.next();
        return new StringLiteral(Literals.string(tokens, t), t.range());
      }
      case LEFT_PAREN -> {
        tokens.next();
        Expr inner = expr(0);
        Item close = tokens.expect(ItemType.RIGHT_PAREN);
        return new ParenExpr(inner, new PositionRange(t.pos(), close.end()));
      }
      case LEFT_BRACE -> {
        return selectors.vectorSelector();
      }
      case IDENTIFIER, START, END, STEP, RANGE -> {
        return following() == ItemType.LEFT_PAREN ? call() : selectors.vectorSelector();
      }
      default -> {
        if (type.isAggregator()) {
          ItemType following = following();
          if (following == ItemType.LEFT_PAREN || following == ItemType.BY || following == ItemType.WITHOUT) {
            return aggregation();
          }
        }
        if (SelectorParser.METRIC_NAMES.contains(type)) {
          return selectors.vectorSelector();
        }
        throw tokens.unexpected(t);
      }
    }
  }

  /** The token after the next: a word followed by "(" is a call or an aggregation. */
  private ItemType following() {
    return tokens.peek(1).type();
  }

  private Expr call() {
    Item name = tokens.next();
    List<Expr> args = callArguments();
    Function f = Functions.get(name.val());
    if (f == null) {
      throw tokens.fail(name.range(), "unknown function with name " + GoStrings.quote(name.val()));
    }
    if (f.experimental() && !options.experimentalFunctions()) {
      throw tokens.fail(name.range(), "function " + GoStrings.quote(name.val()) + " is not enabled");
    }
    return new Call(f, args, new PositionRange(name.pos(), tokens.lastEnd()));
  }

  /** {@code (a, b)}; a trailing comma is an error, as in Prometheus. */
  private List<Expr> callArguments() {
    tokens.expect(ItemType.LEFT_PAREN);
    List<Expr> args = new ArrayList<>();
    if (tokens.at(ItemType.RIGHT_PAREN)) {
      tokens.next();
      return args;
    }
    args.add(expr(0));
    while (tokens.at(ItemType.COMMA)) {
      Item comma = tokens.next();
      if (!STARTS_EXPRESSION.contains(tokens.peek().type())) {
        throw tokens.fail(comma.range(), "trailing commas not allowed in function call args");
      }
      args.add(expr(0));
    }
    tokens.expect(ItemType.RIGHT_PAREN);
    return args;
  }

  /** {@code op [by|without (...)] (args) [by|without (...)]}, the modifier on one side only. */
  private Expr aggregation() {
    Item op = tokens.next();
    tokens.enter(ErrorContext.AGGREGATION);
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierFirst = tokens.at(ItemType.BY) || tokens.at(ItemType.WITHOUT);
    if (modifierFirst) {
      without = tokens.next().type() == ItemType.WITHOUT;
      grouping = selectors.groupingLabels();
    }
    List<Expr> args = callArguments();
    tokens.leave();
    if (!modifierFirst && (tokens.at(ItemType.BY) || tokens.at(ItemType.WITHOUT))) {
      without = tokens.next().type() == ItemType.WITHOUT;
      grouping = selectors.groupingLabels();
    }
    PositionRange position = new PositionRange(op.pos(), tokens.lastEnd());
    if (args.isEmpty()) {
      throw tokens.fail(position, "no arguments for aggregate expression provided");
    }
    int wanted = 1;
    Expr param = null;
    if (op.type().isAggregatorWithParam()) {
      if (op.type().isExperimentalAggregator() && !options.experimentalFunctions()) {
        throw tokens.fail(position, op.type() + "() is experimental and must be enabled with "
            + "--enable-feature=promql-experimental-functions");
      }
      wanted = 2;
      param = args.get(0);
    }
    if (args.size() != wanted) {
      throw tokens.fail(position, "wrong number of arguments for aggregate expression provided, expected "
          + wanted + ", got " + args.size());
    }
    return new AggregateExpr(op.type(), args.get(wanted - 1), param, grouping, without, position);
  }

  /** Ranges, subqueries and modifiers, in any number and order; each checks what it follows. */
  private Expr postfix(Expr e) {
    while (true) {
      switch (tokens.peek().type()) {
        case LEFT_BRACKET -> e = rangeOrSubquery(e);
        case OFFSET -> {
          tokens.next();
          e = modifiers.offset(e, durations.offset());
        }
        case AT -> {
          tokens.next();
          e = modifiers.at(e, durations.at());
        }
        case ANCHORED, SMOOTHED -> e = modifiers.anchoredOrSmoothed(e, tokens.next().type() == ItemType.ANCHORED);
        default -> {
          return e;
        }
      }
    }
  }

  private Expr rangeOrSubquery(Expr e) {
    Item open = tokens.next();
    tokens.enter(ErrorContext.RANGE_OR_SUBQUERY);
    Expr range = durations.positive();
    tokens.leave();
    Item t = tokens.peek();
    if (t.type() == ItemType.RIGHT_BRACKET) {
      return matrix(e, range, open, tokens.next());
    }
    if (t.type() != ItemType.COLON) {
      throw tokens.unexpected(t, ErrorContext.AFTER_RANGE);
    }
    tokens.next();
    Expr step = null;
    if (!tokens.at(ItemType.RIGHT_BRACKET)) {
      tokens.enter(ErrorContext.SUBQUERY_STEP);
      step = durations.positive();
      tokens.leave();
      if (!tokens.at(ItemType.RIGHT_BRACKET)) {
        throw tokens.unexpected(tokens.peek(), ErrorContext.SUBQUERY_END);
      }
    }
    Item close = tokens.next();
    return new SubqueryExpr(e, durationOf(range), range instanceof DurationExpr d ? d : null,
        step == null ? Duration.ZERO : durationOf(step), step instanceof DurationExpr d ? d : null,
        Duration.ZERO, null, null, close.end());
  }

  private Expr matrix(Expr e, Expr range, Item open, Item close) {
    String problem = null;
    if (!(e instanceof VectorSelector vs)) {
      problem = "ranges only allowed for vector selectors";
    } else if (vs.hasOffset()) {
      problem = "no offset modifiers allowed before range";
    } else if (vs.at() != null) {
      problem = "no @ modifiers allowed before range";
    }
    if (problem != null) {
      throw tokens.fail(PositionRange.merge(open.range(), close.range()), problem);
    }
    return new MatrixSelector((VectorSelector) e, durationOf(range),
        range instanceof DurationExpr d ? d : null, close.end());
  }

  private static Duration durationOf(Expr e) {
    return e instanceof NumberLiteral n ? Literals.duration(n.value()) : Duration.ZERO;
  }
}
