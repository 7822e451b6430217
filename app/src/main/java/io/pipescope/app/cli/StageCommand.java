package io.pipescope.app.cli;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.Clock;
import io.pipescope.app.shell.ChildCommand;
import io.pipescope.app.shell.SpanReporter;
import io.pipescope.app.shell.TraceContextEnvironment;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipescope stage}: runs one pipeline step and reports it as a stage span. */
@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Runs one pipeline step and sends pipescope a stage span for it.",
    showEndOfOptionsDelimiterInUsageHelp = true,
    usageHelpAutoWidth = true,
    modelTransformer = StageCommand.OptionsEndAtCommand.class,
    description = {
      "Runs COMMAND as one stage of a pipeline and sends pipescope a span for it: the stage name, its"
          + " result (success on exit code 0, failure otherwise), exit code, duration, the feature id and"
          + " any --attr attributes.",
      "",
      "Exits with COMMAND's exit code (128+N when signal N killed it, 127 when it cannot be found),"
          + " whatever happens to the span: when pipescope cannot be reached within the export timeout,"
          + " one line on stderr says so.",
      "",
      "COMMAND gets TRACEPARENT (and TRACESTATE), so a pipescope stage inside it becomes a child span."
          + " A TRACEPARENT set by the caller, e.g. by `pipescope feature start`, is this span's parent.",
      "",
      "Spans go where the OpenTelemetry variables say: OTEL_EXPORTER_OTLP_ENDPOINT (default"
          + " http://127.0.0.1:4317), OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL"
          + " (grpc, the default, or http/protobuf), OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT"
          + " (milliseconds, default 3000), OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  pipescope stage --name build -- make -j4",
      "  pipescope stage --name test_coverage --attempt 2 -- ./gate.sh 80",
      "  pipescope stage --name deploy \\",
      "      --attr deployment.environment.name=production -- ./deploy.sh"
    })
public final class StageCommand implements Callable<Integer> {
  /** Everything from COMMAND on is COMMAND's, even without {@code --}: {@code stage -n b make -j4} works. */
  static final class OptionsEndAtCommand implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().stopAtPositional(true);
      return spec;
    }
  }

  @Spec CommandSpec spec;

  @Option(names = {"-n", "--name"}, required = true, paramLabel = "STAGE",
      description = "Stage (checker) name, e.g. build, test_coverage, security_scan, deploy, health_check.")
  String name;

  @Option(names = {"-f", "--feature"}, paramLabel = "ID",
      description = "Feature id (factory.feature.id); default: $" + StartedFeature.ID + " from `pipescope feature start`.")
  String feature;

  @Option(names = "--attempt", paramLabel = "N",
      description = "Attempt number, 1 for the first run. Unset, pipescope counts a second run of the same"
          + " stage in the same feature as a retry.")
  Long attempt;

  @Option(names = {"-a", "--attr"}, paramLabel = "KEY=VALUE",
      description = "An extra span attribute; repeatable, e.g. --attr gen_ai.request.model=gpt-4o.")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The step to run, with its arguments.")
  List<String> command;

  /** The process environment; tests substitute their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (name.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--name must not be empty");
    }
    if (attempt != null && attempt < 1) {
      throw new ParameterException(spec.commandLine(), "--attempt must be 1 or more, got " + attempt);
    }
    PrintWriter err = spec.commandLine().getErr();
    try (SpanReporter reporter = SpanReporter.fromEnvironment(environment, err)) {
      SpanContext parent = TraceContextEnvironment.read(environment);
      String incoming = environment.get(TraceContextEnvironment.TRACEPARENT);
      if (!parent.isValid() && incoming != null && !incoming.isBlank()) {
        err.println("pipescope: TRACEPARENT=" + incoming + " is not a W3C traceparent; stage \"" + name
            + "\" starts a new trace");
      }
      SpanContext self = StepSpans.childOf(parent);

      Clock clock = Clock.getDefault();
      long start = clock.now();
      long startTick = clock.nanoTime();
      ChildCommand.Exit exit = ChildCommand.run(command, TraceContextEnvironment.variables(self));
      long end = start + (clock.nanoTime() - startTick);
      if (exit.startFailure() != null) {
        err.println("pipescope: " + exit.startFailure());
      }

      reporter.report(() -> StepSpans.stage(name, self, parent, start, end, spanAttributes(), attempt, exit,
          reporter.resource()));
      return exit.exitCode();
    }
  }

  /** The feature's attributes, the feature id, then --attr (a later one wins). */
  private Map<String, String> spanAttributes() {
    Map<String, String> all = new LinkedHashMap<>(StartedFeature.attributesIn(environment));
    String featureId = feature != null ? feature : environment.get(StartedFeature.ID);
    if (featureId != null && !featureId.isBlank()) {
      all.put(StepSpans.FEATURE_ID, featureId);
    }
    all.putAll(attributes);
    return all;
  }
}
