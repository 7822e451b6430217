package io.pipescope.app;

import io.pipescope.app.cli.PipescopeCommand;
import picocli.CommandLine;

/** Entry point of the {@code pipescope} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new CommandLine(new PipescopeCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
