package io.pipescope.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code eval "$(pipescope feature start ...)"} does in a real POSIX shell. */
class VariableFormatTest {
  @Test
  void shOutputSetsEveryValueLiterallyAndUnsetsNulls() throws Exception {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("PIPESCOPE_A", "it's $HOME `x` \"q\" \\ ;");
    variables.put("PIPESCOPE_B", null);
    String script = "PIPESCOPE_B=stale\neval \"$1\"\nprintf '%s|%s' \"$PIPESCOPE_A\" \"${PIPESCOPE_B-unset}\"";
    Process sh = new ProcessBuilder("/bin/sh", "-c", script, "sh", VariableFormat.SH.format(variables))
        .redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    sh.waitFor(30, TimeUnit.SECONDS);
    assertEquals("it's $HOME `x` \"q\" \\ ;|unset", out);
  }

  @Test
  void envOutputIsNameEqualsValueLinesWithRemovedVariablesEmpty() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("TRACEPARENT", "00-abc-def-01");
    variables.put("TRACESTATE", null);
    assertEquals("TRACEPARENT=00-abc-def-01\nTRACESTATE=\n", VariableFormat.ENV.format(variables));
  }
}
