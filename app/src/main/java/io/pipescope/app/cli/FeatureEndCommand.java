package io.pipescope.app.cli;

import io.opentelemetry.sdk.common.Clock;
import io.pipescope.app.shell.SpanReporter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pipescope feature end}: sends the root span of the feature begun by {@code feature start}. */
@Command(
    name = "end",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Ends the feature begun by `feature start`: sends its root span.",
    description = {
      "Ends the feature begun by `pipescope feature start` (read from the PIPESCOPE_FEATURE_*"
          + " variables): sends its root span, from the start to now, with the result as"
          + " cicd.pipeline.result and status ERROR when it failed.",
      "",
      "Exits 0 even when the span cannot be sent or no feature was started; a line on stderr says so.",
      "",
      "  pipescope feature end --result success",
      "  trap 'pipescope feature end --exit-code $?' EXIT",
      ""
    })
public final class FeatureEndCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--result", paramLabel = "RESULT", converter = RunResult.Converter.class,
      description = "success (default), failure, error, timeout, cancellation or skip.")
  RunResult result;

  @Option(names = "--exit-code", paramLabel = "CODE",
      description = "The pipeline's exit status instead of --result: 0 is success, anything else failure.")
  Integer exitCode;

  @Option(names = {"-a", "--attr"}, paramLabel = "KEY=VALUE", description = "An extra attribute of the root span; repeatable.")
  Map<String, String> attributes = new LinkedHashMap<>();

  /** The process environment; tests substitute their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (result != null && exitCode != null) {
      throw new ParameterException(spec.commandLine(), "give --result or --exit-code, not both");
    }
    RunResult outcome = exitCode != null ? (exitCode == 0 ? RunResult.SUCCESS : RunResult.FAILURE)
        : result != null ? result : RunResult.SUCCESS;
    PrintWriter err = spec.commandLine().getErr();
    StartedFeature feature;
    try {
      feature = StartedFeature.fromEnvironment(environment);
    } catch (IllegalStateException e) {
      err.println("pipescope: no feature to end: " + e.getMessage());
      return 0;
    }
    try (SpanReporter reporter = SpanReporter.fromEnvironment(environment, err)) {
      long end = Clock.getDefault().now();
      reporter.report(() -> StepSpans.featureRoot(feature, end, outcome, attributes, reporter.resource()));
    }
    return 0;
  }
}
