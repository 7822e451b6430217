package io.pipescope.query.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueFormatTest {
  @Test
  void numbersAsGoFormatsThem() {
    assertEquals("1", ValueFormat.number(1));
    assertEquals("0.1", ValueFormat.number(0.1));
    assertEquals("0.0000001", ValueFormat.number(1e-7));
    assertEquals("1000000000000000000000", ValueFormat.number(1e21));
    assertEquals("+Inf", ValueFormat.number(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", ValueFormat.number(Double.NEGATIVE_INFINITY));
    assertEquals("NaN", ValueFormat.number(Double.NaN));
    assertEquals("-0", ValueFormat.number(-0.0));
  }

  @Test
  void jsonAsPrometheusQueryApiWritesIt() {
    Vector v = new Vector(List.of(new Sample(Labels.of("__name__", "up", "job", "a\"b"), 1_500, 1)));
    assertEquals("{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"job\":\"a\\\"b\"},"
        + "\"value\":[1.500,\"1\"]}]}", ValueFormat.json(v));
    Matrix m = new Matrix();
    m.add(new Series(Labels.empty(), List.of(new FPoint(0, 0.5), new FPoint(60_000, Double.NaN))));
    assertEquals("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[0,\"0.5\"],[60,\"NaN\"]]}]}",
        ValueFormat.json(m));
    assertEquals("{\"resultType\":\"scalar\",\"result\":[-1.001,\"2\"]}", ValueFormat.json(new Scalar(-1_001, 2)));
    assertEquals("{\"resultType\":\"string\",\"result\":[2,\"x\"]}", ValueFormat.json(new StringValue(2_000, "x")));
  }
}
