package io.pipescope.query.promql.parser;

import java.util.Locale;

/**
 * What stands where PromQL wants a duration or a time: the range and step in brackets, the
 * operand of {@code offset} and of {@code @}. A duration is a number (seconds) or a duration
 * literal; with duration expressions enabled, also arithmetic, {@code step()}, {@code range()},
 * {@code min_of(a, b)} and {@code max_of(a, b)}.
 */
final class DurationParser {
  private static final int POW_PRECEDENCE = 3;

  private final Tokens tokens;
  private final ParserOptions options;

  DurationParser(Tokens tokens, ParserOptions options) {
    this.tokens = tokens;
    this.options = options;
  }

  /** A range or step: a duration expression; a plain number must be positive. */
  Expr positive() {
    Expr e = expr(0);
    if (e instanceof NumberLiteral n && n.value() <= 0) {
      throw tokens.fail(n.positionRange(), "duration must be greater than 0");
    }
    return e;
  }

  /**
   * The operand of {@code offset}: a signed number or duration, step() or range(), min_of/max_of, or
   * a parenthesised expression. Unparenthesised arithmetic is not part of it, so
   * {@code foo offset 5s - 8} subtracts 8 from {@code foo offset 5s}.
   */
  Expr offset() {
    tokens.enter(ErrorContext.OFFSET);
    Item sign = tokens.at(ItemType.ADD) || tokens.at(ItemType.SUB) ? tokens.next() : null;
    Expr e;
    if (tokens.at(ItemType.NUMBER) || tokens.at(ItemType.DURATION)) {
      NumberLiteral n = Literals.number(tokens, tokens.next());
      if (sign != null) {
        n = new NumberLiteral(sign.type() == ItemType.SUB ? -n.value() : n.value(), n.duration(),
            new PositionRange(sign.pos(), n.positionRange().end()));
      }
      if (Literals.durationOutOfRange(n.value())) {
        throw tokens.fail(sign != null ? sign.range() : n.positionRange(), "duration out of range");
      }
      e = n;
    } else {
      e = primary();
      if (sign != null && sign.type() == ItemType.SUB) {
        e = new DurationExpr(ItemType.SUB, null, e, false,
            new PositionRange(sign.pos(), e.positionRange().end()));
      }
    }
    tokens.leave();
    return e;
  }

  /** The operand of {@code @}: start(), end(), or a signed number or duration in seconds. */
  AtOperand at() {
    tokens.enter(ErrorContext.AT);
    Item t = tokens.peek();
    AtOperand result;
    if (t.type() == ItemType.START || t.type() == ItemType.END) {
      tokens.next();
      tokens.expect(ItemType.LEFT_PAREN);
      tokens.expect(ItemType.RIGHT_PAREN);
      result = new AtOperand(t.type() == ItemType.START ? AtModifier.START : AtModifier.END, 0);
    } else {
      Item sign = t.type() == ItemType.ADD || t.type() == ItemType.SUB ? tokens.next() : null;
      Item number = tokens.peek();
      if (number.type() != ItemType.NUMBER && number.type() != ItemType.DURATION) {
        throw tokens.unexpected(number);
      }
      double v = Literals.number(tokens, tokens.next()).value();
      result = new AtOperand(null, sign != null && sign.type() == ItemType.SUB ? -v : v);
    }
    tokens.leave();
    return result;
  }

  /** A parsed {@code @} operand: a preprocessor, or seconds when {@code preprocessor} is null. */
  record AtOperand(AtModifier preprocessor, double seconds) {}

  private Expr expr(int minPrecedence) {
    Expr lhs = unary();
    while (true) {
      Item op = tokens.peek();
      int p = precedence(op.type());
      if (p == 0 || p < minPrecedence) {
        return lhs;
      }
      tokens.next();
      Expr rhs = expr(op.type() == ItemType.POW ? p : p + 1);
      lhs = binary(lhs, op, rhs);
    }
  }

  private Expr binary(Expr lhs, Item op, Expr rhs) {
    requireEnabled(lhs);
    if (rhs instanceof NumberLiteral n && n.value() == 0) {
      if (op.type() == ItemType.DIV) {
        throw tokens.fail(op.range(), "division by zero");
      }
      if (op.type() == ItemType.MOD) {
        throw tokens.fail(op.range(), "modulo by zero");
      }
    }
    return new DurationExpr(op.type(), lhs, rhs, false,
        PositionRange.merge(lhs.positionRange(), rhs.positionRange()));
  }

  /** A sign binds looser than {@code ^}: {@code -2^2} is {@code -(2^2)}. */
  private Expr unary() {
    Item t = tokens.peek();
    if (t.type() != ItemType.ADD && t.type() != ItemType.SUB) {
      return primary();
    }
    tokens.next();
    boolean negate = t.type() == ItemType.SUB;
    Expr operand = expr(POW_PRECEDENCE);
    if (operand instanceof NumberLiteral n) {
      double v = negate ? -n.value() : n.value();
      if (Literals.durationOutOfRange(v)) {
        throw tokens.fail(t.range(), "duration out of range");
      }
      return new NumberLiteral(v, n.duration(), new PositionRange(t.pos(), n.positionRange().end()));
    }
    if (!negate) {
      return operand;
    }
    return new DurationExpr(ItemType.SUB, null, operand, false,
        new PositionRange(t.pos(), operand.positionRange().end()));
  }

  private Expr primary() {
    Item t = tokens.peek();
    switch (t.type()) {
      case NUMBER, DURATION -> {
        tokens.next();
        NumberLiteral n = Literals.number(tokens, t);
        if (Literals.durationOutOfRange(n.value())) {
          throw tokens.fail(n.positionRange(), "duration out of range");
        }
        return n;
      }
      case STEP, RANGE -> {
        tokens.next();
        tokens.expect(ItemType.LEFT_PAREN);
        Item close = tokens.expect(ItemType.RIGHT_PAREN);
        return new DurationExpr(t.type(), null, null, false, new PositionRange(t.pos(), close.end()));
      }
      case LEFT_PAREN -> {
        tokens.next();
        Expr inner = expr(0);
        Item close = tokens.expect(ItemType.RIGHT_PAREN);
        requireEnabled(inner);
        PositionRange range = new PositionRange(t.pos(), close.end());
        // A parenthesised number is kept as a unary plus so that it prints with its parentheses.
        return inner instanceof DurationExpr d
            ? d.wrap(range)
            : new DurationExpr(ItemType.ADD, null, inner, true, range);
      }
      case IDENTIFIER -> {
        ItemType fn = minMax(t.val());
        if (fn == null) {
          throw tokens.unexpected(t);
        }
        tokens.next();
        tokens.expect(ItemType.LEFT_PAREN);
        Expr a = expr(0);
        tokens.expect(ItemType.COMMA);
        Expr b = expr(0);
        Item close = tokens.expect(ItemType.RIGHT_PAREN);
        return new DurationExpr(fn, a, b, false, new PositionRange(t.pos(), close.end()));
      }
      default -> throw tokens.unexpected(t);
    }
  }

  private static ItemType minMax(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "min_of" -> ItemType.MIN_OF;
      case "max_of" -> ItemType.MAX_OF;
      default -> null;
    };
  }

  private void requireEnabled(Expr e) {
    if (!options.durationExpressions()) {
      throw tokens.fail(e.positionRange(), "experimental duration expression is not enabled");
    }
  }

  private static int precedence(ItemType t) {
    return switch (t) {
      case ADD, SUB -> 1;
      case MUL, DIV, MOD -> 2;
      case POW -> POW_PRECEDENCE;
      default -> 0;
    };
  }
}
