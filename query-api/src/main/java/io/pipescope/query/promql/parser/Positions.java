package io.pipescope.query.promql.parser;

/**
 * Where an expression starts and ends when that is where one of its children starts or ends: a
 * binary operation spans from its left operand to its right one, a subquery starts with its inner
 * expression, a unary sign ends with its operand. Followed in a loop, as such chains can be
 * thousands of nodes deep.
 */
final class Positions {
  private Positions() {}

  static int start(Expr e) {
    while (true) {
      if (e instanceof BinaryExpr b) {
        e = b.lhs();
      } else if (e instanceof SubqueryExpr s) {
        e = s.expr();
      } else {
        return e.positionRange().start();
      }
    }
  }

  static int end(Expr e) {
    while (true) {
      if (e instanceof BinaryExpr b) {
        e = b.rhs();
      } else if (e instanceof UnaryExpr u) {
        e = u.expr();
      } else {
        return e.positionRange().end();
      }
    }
  }
}
