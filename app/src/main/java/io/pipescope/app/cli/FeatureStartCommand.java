package io.pipescope.app.cli;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.Clock;
import io.pipescope.app.shell.TraceContextEnvironment;
import io.pipescope.app.shell.VariableFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pipescope feature start}: begins a feature trace and prints the variables that carry it. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Begins a feature: prints the variables that carry it to the stages.",
    description = {
      "Begins a feature and prints the variables that carry it: TRACEPARENT makes the following"
          + " `pipescope stage` runs children of the feature's root span; PIPESCOPE_FEATURE_ID and"
          + " PIPESCOPE_FEATURE_ATTRIBUTES go on their spans; PIPESCOPE_FEATURE_TRACEPARENT and"
          + " PIPESCOPE_FEATURE_START let `pipescope feature end` send the root span later. Sends nothing"
          + " itself.",
      "",
      "The feature is a trace of its own, as pipescope counts features by trace: a TRACEPARENT already"
          + " set (e.g. by the CI system) becomes a link of the feature's root span, not its parent.",
      "",
      "  eval \"$(pipescope feature start --id FEAT-123 --type api)\"",
      "  pipescope feature start --id FEAT-123 --format env >> \"$GITHUB_ENV\"",
      ""
    })
public final class FeatureStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "Feature id (factory.feature.id).")
  String id;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Feature type (factory.feature.type), e.g. api, crud; the feature_type label.")
  String type;

  @Option(names = "--name", paramLabel = "NAME", description = "Feature name (factory.feature.name).")
  String featureName;

  @Option(names = {"-a", "--attr"}, paramLabel = "KEY=VALUE",
      description = "An attribute of the feature, on its root span and on every stage span; repeatable.")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "sh",
      description = "sh: export/unset commands for eval (default); env: NAME=value lines for CI env files.")
  String format;

  /** The process environment; tests substitute their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (id.isBlank() || id.chars().anyMatch(Character::isISOControl)) {
      throw new ParameterException(spec.commandLine(), "--id must be a non-empty line of text");
    }
    VariableFormat output = switch (format.toLowerCase(Locale.ROOT)) {
      case "sh" -> VariableFormat.SH;
      case "env" -> VariableFormat.ENV;
      default -> throw new ParameterException(spec.commandLine(), "--format must be sh or env, got " + format);
    };
    Map<String, String> featureAttributes = new LinkedHashMap<>();
    if (type != null) {
      featureAttributes.put(StepSpans.FEATURE_TYPE, type);
    }
    if (featureName != null) {
      featureAttributes.put(StepSpans.FEATURE_NAME, featureName);
    }
    featureAttributes.putAll(attributes);
    SpanContext outer = TraceContextEnvironment.read(environment);
    StartedFeature feature = new StartedFeature(id, StepSpans.newTrace(), Clock.getDefault().now(),
        featureAttributes, outer);
    spec.commandLine().getOut().print(output.format(feature.variables()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
