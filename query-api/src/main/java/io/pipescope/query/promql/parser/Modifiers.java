package io.pipescope.query.promql.parser;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Attaches {@code offset}, {@code @}, {@code anchored} and {@code smoothed} to the selector or
 * subquery they follow, with Prometheus's rules ({@code addOffset}, {@code setTimestamp},
 * {@code setAnchored} in {@code parse.go}): only selectors and subqueries take them, each at most once.
 */
final class Modifiers {
  private final Tokens tokens;
  private final ParserOptions options;

  Modifiers(Tokens tokens, ParserOptions options) {
    this.tokens = tokens;
    this.options = options;
  }

  Expr offset(Expr e, Expr amount) {
    Duration d = amount instanceof NumberLiteral n ? Literals.duration(n.value()) : Duration.ZERO;
    DurationExpr de = amount instanceof DurationExpr x ? x : null;
    int end = tokens.lastEnd();
    if (e instanceof VectorSelector vs) {
      requireNoOffset(vs.hasOffset(), e);
      return vs.withOffset(d, de, end);
    }
    if (e instanceof MatrixSelector m) {
      VectorSelector vs = m.vectorSelector();
      requireNoOffset(vs.hasOffset(), e);
      return m.withSelector(vs.withOffset(d, de, vs.positionRange().end()), end);
    }
    if (e instanceof SubqueryExpr s) {
      requireNoOffset(s.hasOffset(), e);
      return s.withOffset(d, de, end);
    }
    throw tokens.fail(e.positionRange(),
        "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
  }

  private void requireNoOffset(boolean present, Expr e) {
    if (present) {
      throw tokens.fail(e.positionRange(), "offset may not be set multiple times");
    }
  }

  Expr at(Expr e, DurationParser.AtOperand operand) {
    AtModifier at = operand.preprocessor();
    if (at == null) {
      double ts = operand.seconds();
      if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 9.223372036854775807E18 || ts <= -9.223372036854775808E18) {
        throw tokens.fail(e.positionRange(), "timestamp out of bounds for @ modifier: " + goFloat(ts));
      }
      at = AtModifier.timestamp(Literals.round(ts * 1000));
    }
    int end = tokens.lastEnd();
    if (e instanceof VectorSelector vs) {
      requireNoAt(vs.at(), e);
      return vs.withAt(at, end);
    }
    if (e instanceof MatrixSelector m) {
      VectorSelector vs = m.vectorSelector();
      requireNoAt(vs.at(), e);
      return m.withSelector(vs.withAt(at, vs.positionRange().end()), end);
    }
    if (e instanceof SubqueryExpr s) {
      requireNoAt(s.at(), e);
      return s.withAt(at, end);
    }
    throw tokens.fail(e.positionRange(),
        "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
  }

  private void requireNoAt(AtModifier present, Expr e) {
    if (present != null) {
      throw tokens.fail(e.positionRange(), "@ <timestamp> may not be set multiple times");
    }
  }

  /** {@code anchored} when {@code anchored}, else {@code smoothed}. */
  Expr anchoredOrSmoothed(Expr e, boolean anchored) {
    String name = anchored ? "anchored" : "smoothed";
    if (!options.extendedRangeSelectors()) {
      throw tokens.fail(e.positionRange(), name + " modifier is experimental and not enabled");
    }
    VectorSelector vs;
    if (e instanceof VectorSelector v) {
      vs = v;
    } else if (e instanceof MatrixSelector m) {
      vs = m.vectorSelector();
    } else if (e instanceof SubqueryExpr) {
      throw tokens.fail(e.positionRange(), name + " modifier is not supported for subqueries");
    } else {
      throw tokens.fail(e.positionRange(), name + " modifier not implemented");
    }
    if (anchored ? vs.smoothed() : vs.anchored()) {
      throw tokens.fail(e.positionRange(), "anchored and smoothed modifiers cannot be used together");
    }
    VectorSelector marked = vs.withAnchoredSmoothed(vs.anchored() || anchored, vs.smoothed() || !anchored);
    return e instanceof MatrixSelector m ? m.withSelector(marked, m.endPos()) : marked;
  }

  /** Go's {@code %f}: six decimals, exact; {@code +Inf}, {@code -Inf}, {@code NaN}. */
  private static String goFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }
}
