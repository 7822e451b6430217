package io.pipescope.query.promql.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The token stream the parsers share: up to two items of lookahead with comments dropped, the end
 * of the last consumed token (where nodes end), and the stack of grammar contexts that name
 * syntax errors.
 */
final class Tokens {
  private final String query;
  private final Lexer lexer;
  private final List<Item> lookahead = new ArrayList<>(2);
  private final Deque<ErrorContext> contexts = new ArrayDeque<>();
  private int lastEnd;

  Tokens(String query) {
    this.query = query;
    this.lexer = new Lexer(query);
    contexts.push(ErrorContext.TOP);
  }

  String query() {
    return query;
  }

  Item peek() {
    return peek(0);
  }

  /** The token {@code n} places ahead; a lexer error there fails the parse. */
  Item peek(int n) {
    while (lookahead.size() <= n) {
      Item item = lexer.nextItem();
      while (item.type() == ItemType.COMMENT) {
        item = lexer.nextItem();
      }
      if (item.type() == ItemType.ERROR) {
        throw new ParseFailure(new ParseError(new PositionRange(item.pos(), query.length()), item.val(), query));
      }
      lookahead.add(item);
    }
    return lookahead.get(n);
  }

  boolean at(ItemType type) {
    return peek().type() == type;
  }

  Item next() {
    Item item = peek();
    lookahead.remove(0);
    if (item.type() != ItemType.EOF) {
      lastEnd = item.end();
    }
    return item;
  }

  /** Consumes a token of the given type, or fails naming what came instead. */
  Item expect(ItemType type) {
    if (!at(type)) {
      throw unexpected(peek());
    }
    return next();
  }

  /** Where the last consumed token ends. */
  int lastEnd() {
    return lastEnd;
  }

  void enter(ErrorContext context) {
    contexts.push(context);
  }

  void leave() {
    contexts.pop();
  }

  ParseFailure unexpected(Item item) {
    return unexpected(item, contexts.peek());
  }

  ParseFailure unexpected(Item item, ErrorContext context) {
    return fail(item.range(), context.unexpected(item));
  }

  ParseFailure fail(PositionRange range, String message) {
    return new ParseFailure(new ParseError(range, message, query));
  }
}
