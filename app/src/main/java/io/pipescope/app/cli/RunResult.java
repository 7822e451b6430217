package io.pipescope.app.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How a stage or a feature ended, in the values of the CI/CD semantic conventions
 * ({@code cicd.pipeline.task.run.result}, {@code cicd.pipeline.result}).
 */
enum RunResult {
  SUCCESS,
  FAILURE,
  ERROR,
  TIMEOUT,
  CANCELLATION,
  SKIP;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Failure, error and timeout fail a run, as pipescope counts them; cancellation and skip do not. */
  boolean failed() {
    return this == FAILURE || this == ERROR || this == TIMEOUT;
  }

  /** Reads the lower-case convention values for picocli. */
  static final class Converter implements ITypeConverter<RunResult> {
    @Override
    public RunResult convert(String value) {
      for (RunResult r : values()) {
        if (r.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of success, failure, error, timeout,"
          + " cancellation, skip");
    }
  }
}
