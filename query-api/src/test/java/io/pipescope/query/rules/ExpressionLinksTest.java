package io.pipescope.query.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExpressionLinksTest {
  @Test
  void queryEscapeMatchesGo() {
    // Expected values from Go's url.QueryEscape.
    assertEquals("rate%28x%5B5m%5D%29+%3E+0.25", ExpressionLinks.queryEscape("rate(x[5m]) > 0.25"));
    assertEquals("a%2Ab~c-d_e.f", ExpressionLinks.queryEscape("a*b~c-d_e.f"));
    assertEquals("x%7Bl%3D%22%C3%A9%22%7D", ExpressionLinks.queryEscape("x{l=\"é\"}"));
    assertEquals("%2B%26%3D%2F%3F%23", ExpressionLinks.queryEscape("+&=/?#"));
  }

  @Test
  void tableLinkOpensTheTableTab() {
    assertEquals("/graph?g0.expr=up+%3D%3D+0&g0.tab=1", ExpressionLinks.table("up == 0"));
    assertEquals("/graph?g0.expr=up&g0.tab=0", ExpressionLinks.graph("up"));
  }
}
