package io.pipescope.aggregator.internal.factory;

import io.opentelemetry.proto.trace.v1.Status;

/**
 * The result of one stage run, as the CI/CD semantic conventions name it
 * ({@code cicd.pipeline.task.run.result}); the label value of {@code status}.
 */
public enum StageResult {
  SUCCESS("success"),
  FAILURE("failure"),
  ERROR("error"),
  TIMEOUT("timeout"),
  CANCELLATION("cancellation"),
  SKIP("skip");

  private final String label;

  StageResult(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Failure, error and timeout fail a stage; a cancelled or skipped run neither passes nor fails it. */
  public boolean failed() {
    return this == FAILURE || this == ERROR || this == TIMEOUT;
  }

  /**
   * The result from the attribute's value (semantic convention values and the plain
   * {@code pass}/{@code fail}), or from the span status when there is no recognisable value:
   * ERROR means failure, OK and UNSET success.
   */
  static StageResult of(String value, Status.StatusCode spanStatus) {
    if (value != null) {
      switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "success", "pass", "passed", "ok", "succeeded" -> {
          return SUCCESS;
        }
        case "failure", "fail", "failed" -> {
          return FAILURE;
        }
        case "error" -> {
          return ERROR;
        }
        case "timeout", "timed_out" -> {
          return TIMEOUT;
        }
        case "cancellation", "cancelled", "canceled" -> {
          return CANCELLATION;
        }
        case "skip", "skipped" -> {
          return SKIP;
        }
        default -> {
          // An unknown word says nothing; fall back to the span status.
        }
      }
    }
    return spanStatus == Status.StatusCode.STATUS_CODE_ERROR ? FAILURE : SUCCESS;
  }
}
