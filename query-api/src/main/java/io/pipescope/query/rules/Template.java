package io.pipescope.query.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Go's text/template that Prometheus alert labels and annotations use, parsed once
 * and expanded per alert.
 *
 * <p>Supported: text with {@code {{ ... }}} actions (and the {@code {{-}} / {@code -}}} trim
 * markers, and comment actions); pipelines {@code a | f | g b}; variables {@code $value},
 * {@code $labels}, {@code $externalLabels}, {@code $externalURL}, {@code $} and fields on them
 * ({@code $labels.checker_name}), the dot and its fields ({@code .Value}, {@code .Labels.job});
 * declarations {@code {{ $x := ... }}}; string (Go escapes and raw), number and boolean literals;
 * parenthesised pipelines; {@code if} / {@code else if} / {@code else} / {@code end}; the
 * functions of {@link TemplateFunctions} (humanize, humanize1024, humanizeDuration,
 * humanizePercentage, humanizeTimestamp, printf, query, first, label, value, sortByLabel, title,
 * match, reReplaceAll, stripPort, toUpper, toLower, len, index, not, eq, ne, lt, le, gt, ge);
 * {@code with} and {@code range} (with one declared variable at most), each with {@code else}.
 * Not supported: {@code define}/{@code template}/{@code block}, {@code and}/{@code or},
 * {@code break}/{@code continue}, methods on values, and Prometheus's {@code args}, {@code toTime},
 * {@code tableLink}/{@code graphLink}.
 *
 * <p>A missing label is empty, as Prometheus expands with {@code missingkey=zero}.
 */
public final class Template {
  /** A map lookup that found nothing (Go's invalid reflect.Value). */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  private sealed interface Node permits Text, Action, If, With, Range {}

  private record Text(String text) implements Node {}

  private record Action(Pipeline pipeline) implements Node {}

  private record If(List<Pipeline> conditions, List<List<Node>> bodies, List<Node> otherwise) implements Node {}

  /** {@code with}: the body runs with the pipeline's value as the dot, when it is true. */
  private record With(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

  /** {@code range}: the body runs once per element (the dot, or the declared variable). */
  private record Range(Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

  private record Pipeline(String declare, List<List<Arg>> commands) {}

  private sealed interface Arg permits Field, Literal, Ident, Sub {}

  /** {@code $var.a.b} (var set) or {@code .a.b} (var null). */
  private record Field(String var, List<String> path) implements Arg {}

  private record Literal(Object value) implements Arg {}

  private record Ident(String name) implements Arg {}

  private record Sub(Pipeline pipeline) implements Arg {}

  private final List<Node> nodes;

  private Template(List<Node> nodes) {
    this.nodes = nodes;
  }

  /** Parses {@code text}; the error gives the line and names the problem as Go's parser would. */
  public static Template parse(String text) throws TemplateException {
    TemplateParser parser = new TemplateParser(text);
    try {
      return new Template(parser.parse());
    } catch (TemplateException e) {
      throw new TemplateException(parser.line() + ": " + e.getMessage());
    }
  }

  /** The data Prometheus gives an alert's templates (template.AlertTemplateData). */
  public record AlertData(Map<String, String> labels, Map<String, String> externalLabels, String externalUrl,
      double value, RuleQuery query, long evalTimeMillis) {
    /** Data without a query function: {@code query} fails in these templates. */
    public AlertData(Map<String, String> labels, Map<String, String> externalLabels, String externalUrl,
        double value) {
      this(labels, externalLabels, externalUrl, value, null, 0);
    }
  }

  /** Where the alert's data sits among the variables; a space keeps it out of reach of templates. */
  static final String DATA = " data";

  /**
   * Expands {@code text} for one alert; a template that fails yields Prometheus's
   * {@code <error expanding template: ...>} instead of failing the rule.
   */
  public static String expand(String text, AlertData data) {
    if (!text.contains("{{")) {
      return text;
    }
    try {
      return parse(text).execute(data);
    } catch (TemplateException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }

  /** Expands this template with the alert's data as the dot and as {@code $labels}, {@code $value}, .... */
  public String execute(AlertData data) throws TemplateException {
    Map<String, Object> dot = new HashMap<>();
    dot.put("Labels", data.labels());
    dot.put("ExternalLabels", data.externalLabels());
    dot.put("ExternalURL", data.externalUrl());
    dot.put("Value", data.value());
    Map<String, Object> vars = new HashMap<>();
    vars.put("$", dot);
    vars.put("$labels", data.labels());
    vars.put("$externalLabels", data.externalLabels());
    vars.put("$externalURL", data.externalUrl());
    vars.put("$value", data.value());
    vars.put(DATA, data);
    StringBuilder out = new StringBuilder();
    run(nodes, dot, vars, out);
    return out.toString();
  }

  private static void run(List<Node> nodes, Object dot, Map<String, Object> vars, StringBuilder out)
      throws TemplateException {
    for (Node n : nodes) {
      if (n instanceof Text t) {
        out.append(t.text());
      } else if (n instanceof Action a) {
        Object v = eval(a.pipeline(), dot, vars);
        if (a.pipeline().declare() == null) {
          out.append(GoFormat.value(v));
        }
      } else if (n instanceof If f) {
        boolean done = false;
        for (int i = 0; i < f.conditions().size() && !done; i++) {
          if (truth(eval(f.conditions().get(i), dot, vars))) {
            run(f.bodies().get(i), dot, vars, out);
            done = true;
          }
        }
        if (!done) {
          run(f.otherwise(), dot, vars, out);
        }
      } else if (n instanceof With w) {
        Object v = eval(w.pipeline(), dot, vars);
        run(truth(v) ? w.body() : w.otherwise(), truth(v) ? v : dot, vars, out);
      } else if (n instanceof Range r) {
        Object v = eval(r.pipeline(), dot, vars);
        List<?> elements = v instanceof List<?> l ? l
            : v instanceof Map<?, ?> m ? new ArrayList<>(new java.util.TreeMap<>(m).values())
            : v == null || v == NO_VALUE ? List.of() : null;
        if (elements == null) {
          throw new TemplateException("range can't iterate over " + GoFormat.value(v));
        }
        for (Object e : elements) {
          if (r.pipeline().declare() != null) {
            vars.put(r.pipeline().declare(), e);
          }
          run(r.body(), e, vars, out);
        }
        if (elements.isEmpty()) {
          run(r.otherwise(), dot, vars, out);
        }
      }
    }
  }

  private static Object eval(Pipeline p, Object dot, Map<String, Object> vars) throws TemplateException {
    Object last = null;
    boolean first = true;
    for (List<Arg> cmd : p.commands()) {
      last = command(cmd, first ? null : last, !first, dot, vars);
      first = false;
    }
    if (p.declare() != null) {
      vars.put(p.declare(), last);
    }
    return last;
  }

  private static Object command(List<Arg> cmd, Object piped, boolean hasPiped, Object dot, Map<String, Object> vars)
      throws TemplateException {
    Arg head = cmd.get(0);
    if (head instanceof Ident id) {
      TemplateFunctions.Function fn = TemplateFunctions.TABLE.get(id.name());
      if (fn == null) {
        throw new TemplateException("function \"" + id.name() + "\" not defined");
      }
      List<Object> args = new ArrayList<>();
      for (int i = 1; i < cmd.size(); i++) {
        args.add(operand(cmd.get(i), dot, vars));
      }
      if (hasPiped) {
        args.add(piped);
      }
      try {
        return fn.apply(args, (AlertData) vars.get(DATA));
      } catch (TemplateException e) {
        throw new TemplateException("error calling " + id.name() + ": " + e.getMessage());
      }
    }
    if (cmd.size() > 1 || hasPiped) {
      throw new TemplateException("can't give argument to non-function " + describe(head));
    }
    return operand(head, dot, vars);
  }

  private static Object operand(Arg a, Object dot, Map<String, Object> vars) throws TemplateException {
    if (a instanceof Literal l) {
      return l.value();
    }
    if (a instanceof Sub s) {
      return eval(s.pipeline(), dot, vars);
    }
    if (a instanceof Ident id) {
      // A function named as an argument is called without arguments, as in Go.
      return command(List.of(id), null, false, dot, vars);
    }
    Field f = (Field) a;
    Object v;
    if (f.var() == null) {
      v = dot;
    } else if (vars.containsKey(f.var())) {
      v = vars.get(f.var());
    } else {
      throw new TemplateException("undefined variable \"" + f.var() + "\"");
    }
    for (String name : f.path()) {
      if (v instanceof Map<?, ?> m) {
        v = m.containsKey(name) ? m.get(name) : missing(m);
      } else {
        throw new TemplateException("can't evaluate field " + name + " in type " + GoFormat.value(v));
      }
    }
    return v;
  }

  /**
   * What a missing key yields: Prometheus expands with {@code missingkey=zero}, so a label map gives
   * "" and a map of mixed values Go's invalid value, printed {@code <no value>}.
   */
  static Object missing(Map<?, ?> m) {
    return m.values().stream().allMatch(String.class::isInstance) ? "" : NO_VALUE;
  }

  private static String describe(Arg a) {
    if (a instanceof Field f) {
      return (f.var() == null ? "" : f.var()) + (f.path().isEmpty() && f.var() == null ? "." : "")
          + (f.path().isEmpty() ? "" : "." + String.join(".", f.path()));
    }
    return a instanceof Literal l ? GoFormat.value(l.value()) : "(pipeline)";
  }

  /** Go's truth: false, 0, nil, "" and empty maps are false. */
  static boolean truth(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    return true;
  }

  /** Turns template text into nodes: actions are tokenised, then if/else/end nest. */
  private static final class TemplateParser {
    private final String src;
    private int pos;

    TemplateParser(String src) {
      this.src = src;
    }

    /** The 1-based line the parser has reached. */
    int line() {
      return 1 + (int) src.substring(0, Math.min(pos, src.length())).chars().filter(c -> c == '\n').count();
    }

    List<Node> parse() throws TemplateException {
      List<Node> out = new ArrayList<>();
      String end = body(out);
      if (end != null) {
        throw new TemplateException("unexpected {{" + end + "}}");
      }
      return out;
    }

    /** Reads nodes until end of text (returns null) or an {@code else...}/{@code end} action (returns it). */
    private String body(List<Node> out) throws TemplateException {
      while (pos < src.length()) {
        int open = src.indexOf("{{", pos);
        if (open < 0) {
          out.add(new Text(src.substring(pos)));
          pos = src.length();
          break;
        }
        String text = src.substring(pos, open);
        int inner = open + 2;
        if (src.startsWith("- ", inner) || src.startsWith("-\t", inner) || src.startsWith("-\n", inner)) {
          text = text.stripTrailing();
          inner += 2;
        }
        if (!text.isEmpty()) {
          out.add(new Text(text));
        }
        int close = closing(inner);
        String content = src.substring(inner, close);
        pos = close + 2;
        if (content.endsWith(" -") || content.endsWith("\t-") || content.endsWith("\n-")) {
          content = content.substring(0, content.length() - 2);
          int skip = pos;
          while (skip < src.length() && Character.isWhitespace(src.charAt(skip))) {
            skip++;
          }
          pos = skip;
        }
        content = content.trim();
        if (content.startsWith("/*")) {
          if (!content.endsWith("*/")) {
            throw new TemplateException("unclosed comment");
          }
          continue;
        }
        List<TemplateLexer.Tok> toks = new TemplateLexer(content).tokens();
        if (toks.isEmpty()) {
          throw new TemplateException("missing value for command");
        }
        TemplateLexer.Tok first = toks.get(0);
        if (first.kind == TemplateLexer.Kind.IDENT && (first.text.equals("end") || first.text.equals("else"))) {
          return content;
        }
        if (first.kind == TemplateLexer.Kind.IDENT && first.text.equals("if")) {
          out.add(ifNode(toks.subList(1, toks.size())));
        } else if (first.kind == TemplateLexer.Kind.IDENT
            && (first.text.equals("with") || first.text.equals("range"))) {
          Pipeline p = pipeline(toks.subList(1, toks.size()));
          List<Node> b = new ArrayList<>();
          List<Node> otherwise = new ArrayList<>();
          String end = body(b);
          if (end != null && end.equals("else")) {
            end = body(otherwise);
          }
          if (!"end".equals(end)) {
            throw new TemplateException(end == null ? "unexpected EOF" : "unexpected {{" + end + "}}");
          }
          out.add(first.text.equals("with") ? new With(p, b, otherwise) : new Range(p, b, otherwise));
        } else if (first.kind == TemplateLexer.Kind.IDENT && List.of("define", "template", "block")
            .contains(first.text)) {
          throw new TemplateException("{{" + first.text + "}} is not supported");
        } else {
          out.add(new Action(pipeline(toks)));
        }
      }
      return null;
    }

    private If ifNode(List<TemplateLexer.Tok> cond) throws TemplateException {
      List<Pipeline> conds = new ArrayList<>();
      List<List<Node>> bodies = new ArrayList<>();
      conds.add(pipeline(cond));
      while (true) {
        List<Node> b = new ArrayList<>();
        bodies.add(b);
        String end = body(b);
        if (end == null) {
          throw new TemplateException("unexpected EOF");
        }
        if (end.equals("end")) {
          return new If(conds, bodies, List.of());
        }
        List<TemplateLexer.Tok> toks = new TemplateLexer(end).tokens();
        if (toks.size() == 1) { // else
          List<Node> otherwise = new ArrayList<>();
          String e2 = body(otherwise);
          if (!"end".equals(e2)) {
            throw new TemplateException(e2 == null ? "unexpected EOF" : "expected end; found {{" + e2 + "}}");
          }
          return new If(conds, bodies, otherwise);
        }
        if (toks.get(1).kind != TemplateLexer.Kind.IDENT || !toks.get(1).text.equals("if")) {
          throw new TemplateException("unexpected {{" + end + "}}");
        }
        conds.add(pipeline(toks.subList(2, toks.size())));
      }
    }

    private int closing(int from) throws TemplateException {
      int i = from;
      while (i < src.length()) {
        char c = src.charAt(i);
        if (c == '"' || c == '`') {
          i++;
          while (i < src.length() && src.charAt(i) != c) {
            i += (c == '"' && src.charAt(i) == '\\') ? 2 : 1;
          }
          i++;
          continue;
        }
        if (src.startsWith("}}", i)) {
          return i;
        }
        i++;
      }
      throw new TemplateException("unclosed action");
    }

    private Pipeline pipeline(List<TemplateLexer.Tok> toks) throws TemplateException {
      String declare = null;
      int start = 0;
      if (toks.size() >= 2 && toks.get(0).kind == TemplateLexer.Kind.VAR && toks.get(0).path.isEmpty()
          && toks.get(1).kind == TemplateLexer.Kind.DECLARE) {
        declare = toks.get(0).text;
        start = 2;
      }
      List<List<Arg>> commands = new ArrayList<>();
      List<Arg> cmd = new ArrayList<>();
      int depth = 0;
      int subStart = -1;
      for (int i = start; i < toks.size(); i++) {
        TemplateLexer.Tok t = toks.get(i);
        if (t.kind == TemplateLexer.Kind.LPAREN) {
          if (depth++ == 0) {
            subStart = i + 1;
          }
          continue;
        }
        if (t.kind == TemplateLexer.Kind.RPAREN) {
          if (--depth < 0) {
            throw new TemplateException("unexpected right paren");
          }
          if (depth == 0) {
            cmd.add(new Sub(pipeline(toks.subList(subStart, i))));
          }
          continue;
        }
        if (depth > 0) {
          continue;
        }
        switch (t.kind) {
          case PIPE -> {
            if (cmd.isEmpty()) {
              throw new TemplateException("missing command");
            }
            commands.add(cmd);
            cmd = new ArrayList<>();
          }
          case VAR -> cmd.add(new Field(t.text, t.path));
          case FIELD -> cmd.add(new Field(null, t.path));
          case LITERAL -> cmd.add(new Literal(t.value));
          case IDENT -> cmd.add(new Ident(t.text));
          default -> throw new TemplateException("unexpected \"" + t.text + "\" in command");
        }
      }
      if (depth > 0) {
        throw new TemplateException("unclosed left paren");
      }
      if (cmd.isEmpty()) {
        throw new TemplateException("missing value for command");
      }
      commands.add(cmd);
      for (int i = 1; i < commands.size(); i++) {
        if (!(commands.get(i).get(0) instanceof Ident)) {
          throw new TemplateException("non executable command in pipeline stage " + (i + 1));
        }
      }
      return new Pipeline(declare, commands);
    }
  }
}
