package io.pipescope.query.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule file that cannot be used, with every problem found in it (file, line and reason each). */
public final class RuleFileException extends Exception {
  /** One problem, at a 1-based line and column of {@code file} (0 when the position is unknown). */
  public record Problem(String file, int line, int column, String reason) {
    @Override
    public String toString() {
      return line > 0 ? file + ":" + line + ":" + column + ": " + reason : file + ": " + reason;
    }
  }

  private final List<Problem> problems;

  public RuleFileException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
