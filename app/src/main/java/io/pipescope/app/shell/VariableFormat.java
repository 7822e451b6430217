package io.pipescope.app.shell;

import java.util.Map;

/** How a command hands environment variables back to the pipeline that runs it. */
public enum VariableFormat {
  /** POSIX shell commands for {@code eval "$(...)"}: {@code export NAME='value'}, {@code unset NAME}. */
  SH {
    @Override
    String line(String name, String value) {
      return value == null ? "unset " + name : "export " + name + "=" + quoted(value);
    }
  },
  /**
   * {@code NAME=value} lines, as CI systems read them between steps (GitHub Actions'
   * {@code $GITHUB_ENV}, GitLab's dotenv reports); a variable to remove is set empty.
   */
  ENV {
    @Override
    String line(String name, String value) {
      return name + "=" + (value == null ? "" : value);
    }
  };

  abstract String line(String name, String value);

  /** One line per variable, in the map's order; a null value removes the variable. */
  public String format(Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    variables.forEach((name, value) -> out.append(line(name, value)).append('\n'));
    return out.toString();
  }

  /** Single quotes keep every character literal; a single quote itself is closed, escaped, reopened. */
  static String quoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
