package io.pipescope.app.cli;

import picocli.CommandLine.Command;

/** The top-level {@code pipescope} command; each job is a subcommand. */
@Command(
    name = "pipescope",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Watches software-delivery pipelines: takes their OpenTelemetry spans and answers with metrics.",
    subcommands = {ServeCommand.class, DemoCommand.class, StageCommand.class, FeatureCommand.class,
        LoadgenCommand.class, picocli.CommandLine.HelpCommand.class})
public final class PipescopeCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
