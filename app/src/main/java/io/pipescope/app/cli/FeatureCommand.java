package io.pipescope.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pipescope feature}: groups a shell pipeline's stages into one feature trace. */
@Command(
    name = "feature",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Groups a shell pipeline's stages into one feature trace.",
    description = {
      "Groups the stages of a shell pipeline into one feature trace. `feature start` prints variables"
          + " to export; every `pipescope stage` after it becomes a child of the feature's root span;"
          + " `feature end` sends that root span, from start to end. No process stays running in between.",
      "",
      "  eval \"$(pipescope feature start --id FEAT-123 --type api)\"",
      "  pipescope stage --name build -- make",
      "  pipescope stage --name test -- make test",
      "  pipescope feature end --result success",
      ""
    },
    subcommands = {FeatureStartCommand.class, FeatureEndCommand.class})
public final class FeatureCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
