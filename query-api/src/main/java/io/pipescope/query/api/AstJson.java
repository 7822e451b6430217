package io.pipescope.query.api;

import io.pipescope.query.promql.engine.ValueFormat;
import io.pipescope.query.promql.parser.AggregateExpr;
import io.pipescope.query.promql.parser.AtModifier;
import io.pipescope.query.promql.parser.BinaryExpr;
import io.pipescope.query.promql.parser.Call;
import io.pipescope.query.promql.parser.DurationExpr;
import io.pipescope.query.promql.parser.Expr;
import io.pipescope.query.promql.parser.MatrixSelector;
import io.pipescope.query.promql.parser.NumberLiteral;
import io.pipescope.query.promql.parser.ParenExpr;
import io.pipescope.query.promql.parser.StringLiteral;
import io.pipescope.query.promql.parser.SubqueryExpr;
import io.pipescope.query.promql.parser.UnaryExpr;
import io.pipescope.query.promql.parser.ValueType;
import io.pipescope.query.promql.parser.VectorMatching;
import io.pipescope.query.promql.parser.VectorSelector;
import io.pipescope.store.LabelMatcher;
import java.util.List;

/**
 * A syntax tree as {@code /api/v1/parse_query} shows it: the node shapes of Prometheus's
 * {@code web/api/v1/translate_ast.go} ({@code "type":"vectorSelector"}, {@code "binaryExpr"}, ...),
 * durations in milliseconds. Offsets and ranges given as duration expressions show as 0.
 */
final class AstJson {
  private AstJson() {}

  static String of(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(sb, e);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Expr e) {
    if (e == null) {
      sb.append("null");
    } else if (e instanceof AggregateExpr a) {
      sb.append("{\"type\":\"aggregation\",\"op\":").append(Json.quote(a.op().toString())).append(",\"expr\":");
      write(sb, a.expr());
      sb.append(",\"param\":");
      write(sb, a.param());
      sb.append(",\"grouping\":").append(Json.strings(a.grouping())).append(",\"without\":").append(a.without())
          .append('}');
    } else if (e instanceof BinaryExpr b) {
      sb.append("{\"type\":\"binaryExpr\",\"op\":").append(Json.quote(b.op().toString())).append(",\"lhs\":");
      write(sb, b.lhs());
      sb.append(",\"rhs\":");
      write(sb, b.rhs());
      sb.append(",\"matching\":");
      matching(sb, b.matching());
      sb.append(",\"bool\":").append(b.returnBool()).append('}');
    } else if (e instanceof Call c) {
      sb.append("{\"type\":\"call\",\"func\":{\"name\":").append(Json.quote(c.function().name()))
          .append(",\"argTypes\":").append(Json.strings(c.function().argTypes().stream().map(ValueType::toString)
              .toList()))
          .append(",\"variadic\":").append(c.function().variadic())
          .append(",\"returnType\":").append(Json.quote(c.function().returnType().toString())).append("},\"args\":[");
      for (int i = 0; i < c.args().size(); i++) {
        sb.append(i > 0 ? "," : "");
        write(sb, c.args().get(i));
      }
      sb.append("]}");
    } else if (e instanceof MatrixSelector m) {
      VectorSelector vs = m.vectorSelector();
      sb.append("{\"type\":\"matrixSelector\",\"name\":").append(Json.quote(vs.name()))
          .append(",\"range\":").append(m.range().toMillis())
          .append(",\"offset\":").append(vs.offset().toMillis()).append(",\"matchers\":");
      matchers(sb, vs.matchers());
      at(sb, vs.at());
      sb.append('}');
    } else if (e instanceof SubqueryExpr s) {
      sb.append("{\"type\":\"subquery\",\"expr\":");
      write(sb, s.expr());
      sb.append(",\"range\":").append(s.range().toMillis()).append(",\"offset\":").append(s.offset().toMillis())
          .append(",\"step\":").append(s.step().toMillis());
      at(sb, s.at());
      sb.append('}');
    } else if (e instanceof NumberLiteral n) {
      sb.append("{\"type\":\"numberLiteral\",\"val\":").append(Json.quote(ValueFormat.number(n.value()))).append('}');
    } else if (e instanceof ParenExpr p) {
      sb.append("{\"type\":\"parenExpr\",\"expr\":");
      write(sb, p.expr());
      sb.append('}');
    } else if (e instanceof StringLiteral s) {
      sb.append("{\"type\":\"stringLiteral\",\"val\":").append(Json.quote(s.value())).append('}');
    } else if (e instanceof UnaryExpr u) {
      sb.append("{\"type\":\"unaryExpr\",\"op\":").append(Json.quote(u.op().toString())).append(",\"expr\":");
      write(sb, u.expr());
      sb.append('}');
    } else if (e instanceof VectorSelector vs) {
      sb.append("{\"type\":\"vectorSelector\",\"name\":").append(Json.quote(vs.name()))
          .append(",\"offset\":").append(vs.offset().toMillis()).append(",\"matchers\":");
      matchers(sb, vs.matchers());
      at(sb, vs.at());
      sb.append('}');
    } else if (e instanceof DurationExpr d) {
      // Newer than translate_ast.go; shown in the same manner as a binary or unary expression.
      sb.append("{\"type\":\"durationExpr\",\"op\":").append(Json.quote(d.op().toString())).append(",\"lhs\":");
      write(sb, d.lhs());
      sb.append(",\"rhs\":");
      write(sb, d.rhs());
      sb.append('}');
    }
  }

  private static void matching(StringBuilder sb, VectorMatching m) {
    if (m == null) {
      sb.append("null");
      return;
    }
    sb.append("{\"card\":").append(Json.quote(m.card().toString())).append(",\"labels\":")
        .append(Json.strings(m.matchingLabels())).append(",\"on\":").append(m.on()).append(",\"include\":")
        .append(Json.strings(m.include())).append('}');
  }

  private static void matchers(StringBuilder sb, List<LabelMatcher> matchers) {
    sb.append('[');
    for (int i = 0; i < matchers.size(); i++) {
      LabelMatcher m = matchers.get(i);
      sb.append(i > 0 ? "," : "").append("{\"name\":").append(Json.quote(m.name())).append(",\"value\":")
          .append(Json.quote(m.value())).append(",\"type\":").append(Json.quote(m.type().operator())).append('}');
    }
    sb.append(']');
  }

  /** {@code "timestamp"} in milliseconds or null, {@code "startOrEnd"} "start", "end" or null. */
  private static void at(StringBuilder sb, AtModifier at) {
    String timestamp = at != null && at.kind() == AtModifier.Kind.TIMESTAMP ? Long.toString(at.timestampMillis()) : "null";
    String startOrEnd = at == null || at.kind() == AtModifier.Kind.TIMESTAMP ? "null"
        : Json.quote(at.kind() == AtModifier.Kind.START ? "start" : "end");
    sb.append(",\"timestamp\":").append(timestamp).append(",\"startOrEnd\":").append(startOrEnd);
  }
}
