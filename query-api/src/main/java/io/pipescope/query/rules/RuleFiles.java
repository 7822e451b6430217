package io.pipescope.query.rules;

import io.pipescope.query.promql.parser.ParseException;
import io.pipescope.query.promql.parser.Parser;
import io.pipescope.query.promql.parser.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads Prometheus rule files and validates them as {@code model/rulefmt} does: every problem is
 * reported with its file and line (from the YAML nodes' marks), and a file with any problem yields
 * no groups at all.
 */
public final class RuleFiles {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "limit", "query_offset", "rules");
  private static final Set<String> RULE_FIELDS =
      Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private final String file;
  private final List<RuleFileException.Problem> problems = new ArrayList<>();

  private RuleFiles(String file) {
    this.file = file;
  }

  /** The rule files {@code patterns} name (globs in the last path elements allowed), sorted, each once. */
  public static List<Path> expand(List<String> patterns) throws IOException {
    Set<Path> out = new TreeSet<>();
    for (String pattern : patterns) {
      if (!hasGlob(pattern)) {
        Path p = Path.of(pattern);
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
        continue;
      }
      // Walk from the deepest directory without glob characters, as deep as the pattern goes.
      Path whole = Path.of(pattern);
      Path base = whole.getRoot();
      int depth = 0;
      boolean globbing = false;
      for (Path part : whole) {
        if (!globbing && !hasGlob(part.toString())) {
          base = base == null ? part : base.resolve(part);
        } else {
          globbing = true;
          depth++;
        }
      }
      boolean relative = base == null;
      Path start = relative ? Path.of(".") : base;
      if (!Files.isDirectory(start)) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.normalize());
      try (Stream<Path> walk = Files.walk(start, depth)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> matcher.matches(relative ? start.relativize(p) : p))
            .forEach(out::add);
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  /** Reads and validates one rule file. */
  public static List<RuleGroupSpec> load(Path path) throws RuleFileException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleFileException(List.of(new RuleFileException.Problem(path.toString(), 0, 0,
          "cannot read rule file: " + e.getMessage())));
    }
    return parse(path.toString(), text);
  }

  /**
   * Validates {@code yaml}, the content of rule file {@code file} (the name is used in problems and
   * in the groups, whose evaluation offset depends on it).
   */
  public static List<RuleGroupSpec> parse(String file, String yaml) throws RuleFileException {
    RuleFiles reader = new RuleFiles(file);
    List<RuleGroupSpec> groups = reader.read(yaml);
    if (!reader.problems.isEmpty()) {
      throw new RuleFileException(reader.problems);
    }
    return groups;
  }

  /** Every document of the file is read; groups of all documents share one namespace, as in Prometheus 3. */
  private List<RuleGroupSpec> read(String yaml) {
    List<Node> documents = new ArrayList<>();
    try {
      new Compose(LoadSettings.builder().setLabel(file).build()).composeAllFromString(yaml).forEach(documents::add);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> m = e.getProblemMark();
      problems.add(new RuleFileException.Problem(file, m.map(x -> x.getLine() + 1).orElse(0),
          m.map(x -> x.getColumn() + 1).orElse(0), "yaml: " + e.getProblem()));
      return List.of();
    } catch (YamlEngineException e) {
      problems.add(new RuleFileException.Problem(file, 0, 0, "yaml: " + e.getMessage()));
      return List.of();
    }
    List<RuleGroupSpec> groups = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node root : documents) {
      if (isNull(root)) {
        continue; // An empty document holds no groups.
      }
      Map<String, Node> top = mapping(root, "rule file", Set.of("groups"));
      Node groupsNode = top == null ? null : top.get("groups");
      if (groupsNode == null || isNull(groupsNode)) {
        continue;
      }
      if (!(groupsNode instanceof SequenceNode seq)) {
        problem(groupsNode, "groups must be a list");
        continue;
      }
      for (Node g : seq.getValue()) {
        RuleGroupSpec group = group(g);
        if (group == null) {
          continue;
        }
        if (!names.add(group.name())) {
          problem(g, "groupname: \"" + group.name() + "\" is repeated in the same file");
        }
        groups.add(group);
      }
    }
    return groups;
  }

  private RuleGroupSpec group(Node node) {
    Map<String, Node> fields = mapping(node, "group", GROUP_FIELDS);
    if (fields == null) {
      return null;
    }
    String name = string(fields.get("name"));
    if (name == null || name.isEmpty()) {
      problem(node, "Groupname must not be empty");
      name = "";
    }
    long interval = duration(fields.get("interval"));
    long queryOffset = duration(fields.get("query_offset"));
    int limit = 0;
    Node limitNode = fields.get("limit");
    if (limitNode != null && !isNull(limitNode)) {
      try {
        limit = Integer.parseInt(string(limitNode));
      } catch (NumberFormatException e) {
        problem(limitNode, "limit must be an integer, got \"" + string(limitNode) + "\"");
      }
    }
    List<RuleSpec> rules = new ArrayList<>();
    Node rulesNode = fields.get("rules");
    if (rulesNode instanceof SequenceNode seq) {
      int index = 0;
      for (Node r : seq.getValue()) {
        RuleSpec rule = rule(r, name, index++);
        if (rule != null) {
          rules.add(rule);
        }
      }
    } else if (rulesNode != null && !isNull(rulesNode)) {
      problem(rulesNode, "rules must be a list");
    }
    return new RuleGroupSpec(file, name, interval, limit, queryOffset, rules);
  }

  private RuleSpec rule(Node node, String group, int index) {
    Map<String, Node> fields = mapping(node, "rule", RULE_FIELDS);
    if (fields == null) {
      return null;
    }
    String record = string(fields.get("record"));
    String alert = string(fields.get("alert"));
    String expr = string(fields.get("expr"));
    String where = "group \"" + group + "\", rule " + (index + 1) + ", \""
        + (alert != null ? alert : record != null ? record : "") + "\": ";
    int before = problems.size();
    if (record != null && alert != null) {
      problem(node, where + "only one of 'record' and 'alert' must be set");
    } else if ((record == null || record.isEmpty()) && (alert == null || alert.isEmpty())) {
      problem(node, where + "one of 'record' or 'alert' must be set");
    }
    if (expr == null || expr.isEmpty()) {
      problem(node, where + "field 'expr' must be set in rule");
    } else {
      try {
        Parser.parseExpr(expr);
      } catch (ParseException e) {
        problem(fields.get("expr"), where + "could not parse expression: " + e.getMessage());
      }
    }
    long forMillis = duration(fields.get("for"));
    long keepFiringFor = duration(fields.get("keep_firing_for"));
    Map<String, String> labels = stringMap(fields.get("labels"), where);
    Map<String, String> annotations = stringMap(fields.get("annotations"), where);
    if (record != null && alert == null) {
      if (!annotations.isEmpty()) {
        problem(fields.get("annotations"), where + "invalid field 'annotations' in recording rule");
      }
      if (forMillis != 0) {
        problem(fields.get("for"), where + "invalid field 'for' in recording rule");
      }
      if (keepFiringFor != 0) {
        problem(fields.get("keep_firing_for"), where + "invalid field 'keep_firing_for' in recording rule");
      }
      if (!record.isEmpty() && !METRIC_NAME.matcher(record).matches()) {
        problem(fields.get("record"), where + "invalid recording rule name: " + record);
      }
    }
    checkNames(fields.get("labels"), labels, where, "label", alert);
    checkNames(fields.get("annotations"), annotations, where, "annotation", alert);
    if (problems.size() > before) {
      return null;
    }
    return new RuleSpec(record, alert, expr, forMillis, keepFiringFor, labels, annotations, line(node));
  }

  private void checkNames(Node node, Map<String, String> map, String where, String kind, String alert) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!LABEL_NAME.matcher(e.getKey()).matches() || (kind.equals("label") && e.getKey().equals("__name__"))) {
        problem(node, where + "invalid " + kind + " name: " + e.getKey());
      }
      if (alert == null) {
        continue; // Only alerting rules expand templates.
      }
      try {
        Template.parse(e.getValue());
      } catch (TemplateException t) {
        problem(node, where + kind + " \"" + e.getKey() + "\": template: __alert_" + alert + ":" + t.getMessage());
      }
    }
  }

  /** The fields of a mapping node, each key once and known; null (with a problem) when it is not a mapping. */
  private Map<String, Node> mapping(Node node, String what, Set<String> known) {
    if (!(node instanceof MappingNode m)) {
      problem(node, what + " must be a mapping");
      return null;
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = string(t.getKeyNode());
      if (key == null) {
        problem(t.getKeyNode(), what + " has a key that is not a string");
      } else if (!known.contains(key)) {
        problem(t.getKeyNode(), "field " + key + " not found in " + what);
      } else if (out.containsKey(key)) {
        problem(t.getKeyNode(), "mapping key \"" + key + "\" already defined at line " + line(out.get(key)));
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  private Map<String, String> stringMap(Node node, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      problem(node, where + "labels and annotations must be mappings of strings");
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String k = string(t.getKeyNode());
      String v = isNull(t.getValueNode()) ? "" : string(t.getValueNode());
      if (k == null || v == null) {
        problem(t.getKeyNode(), where + "labels and annotations must be mappings of strings");
      } else {
        out.put(k, v);
      }
    }
    return out;
  }

  private long duration(Node node) {
    if (node == null || isNull(node)) {
      return 0;
    }
    String s = string(node);
    try {
      if (s == null) {
        throw new IllegalArgumentException("not a valid duration string: " + node.getNodeType());
      }
      return Durations.parseNanos(s) / 1_000_000;
    } catch (IllegalArgumentException e) {
      problem(node, e.getMessage());
      return 0;
    }
  }

  private static String string(Node node) {
    if (node instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    return null;
  }

  private static boolean isNull(Node node) {
    return node.getTag().equals(Tag.NULL);
  }

  private void problem(Node node, String reason) {
    Optional<Mark> m = node == null ? Optional.empty() : node.getStartMark();
    problems.add(new RuleFileException.Problem(file, m.map(x -> x.getLine() + 1).orElse(0),
        m.map(x -> x.getColumn() + 1).orElse(0), reason));
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
