package io.pipescope.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Dockerfile read as Docker reads it, for linting without a Docker engine: comments and parser
 * directives dropped, continuation lines joined, each instruction split into its keyword and the
 * rest. Exec-form arguments ({@code ["a", "b"]}) are JSON arrays, as Docker parses them.
 */
public record Dockerfile(List<Instruction> instructions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One instruction: its keyword in upper case and its arguments as written. */
  public record Instruction(String keyword, String args) {
    /** The arguments split on whitespace, options such as {@code --from=build} included. */
    public List<String> words() {
      return List.of(args.trim().split("\\s+"));
    }

    /** The value of {@code --name=value} among the leading options, or null. */
    public String option(String name) {
      for (String w : words()) {
        if (w.startsWith("--" + name + "=")) {
          return w.substring(name.length() + 3);
        }
      }
      return null;
    }

    /** The arguments after the leading {@code --options}. */
    public List<String> operands() {
      return words().stream().dropWhile(w -> w.startsWith("--")).toList();
    }
  }

  public static Dockerfile parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.trim();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().trim();
      current.setLength(0);
      int space = text.indexOf(' ');
      instructions.add(new Instruction(text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
          text.substring(space + 1).trim()));
    }
    if (!current.isEmpty()) {
      throw new AssertionError(file + " ends inside a continued instruction");
    }
    return new Dockerfile(List.copyOf(instructions));
  }

  public List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** The one instruction with this keyword. */
  public Instruction one(String keyword) {
    List<Instruction> found = all(keyword);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + keyword + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The instructions of the last stage: what the image runs. */
  public List<Instruction> finalStage() {
    int from = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        from = i;
      }
    }
    return instructions.subList(from, instructions.size());
  }

  /** An exec-form argument list, e.g. CMD's or HEALTHCHECK's after {@code CMD}. */
  public static List<String> execForm(String json) {
    try {
      JsonNode array = JSON.readTree(json);
      if (!array.isArray()) {
        throw new AssertionError("not an exec-form JSON array: " + json);
      }
      List<String> out = new ArrayList<>();
      array.forEach(n -> out.add(n.asText()));
      return out;
    } catch (IOException e) {
      throw new AssertionError("not an exec-form JSON array: " + json, e);
    }
  }
}
