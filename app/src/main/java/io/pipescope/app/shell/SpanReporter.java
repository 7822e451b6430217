package io.pipescope.app.shell;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the spans of one command-line run with the OpenTelemetry SDK's OTLP exporters and never
 * lets telemetry fail the run: every problem (bad settings, an unreachable or slow receiver)
 * becomes one line on stderr, and no wait is longer than the export timeout plus a second.
 */
public final class SpanReporter implements AutoCloseable {
  /** Held so the level stays set: the exporters' own log lines would repeat the one line we print. */
  private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.opentelemetry"), Logger.getLogger("okhttp3"));

  static {
    QUIETED.forEach(l -> l.setLevel(Level.OFF));
  }

  private static final long GRACE_MILLIS = 1000;

  private final OtlpExportSettings settings;
  private final SpanExporter exporter;
  private final ExecutorService executor;
  private final PrintWriter err;

  private SpanReporter(OtlpExportSettings settings, SpanExporter exporter, ExecutorService executor, PrintWriter err) {
    this.settings = settings;
    this.exporter = exporter;
    this.executor = executor;
    this.err = err;
  }

  /**
   * A reporter configured by the standard variables; when they cannot be used, one that sends
   * nothing, after saying why on {@code err}.
   */
  public static SpanReporter fromEnvironment(Map<String, String> env, PrintWriter err) {
    OtlpExportSettings settings;
    try {
      settings = OtlpExportSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      err.println("pipescope: " + e.getMessage() + "; no span will be sent");
      return new SpanReporter(null, null, null, err);
    }
    if (!settings.enabled()) {
      return new SpanReporter(settings, null, null, err);
    }
    // Daemon threads: an export still running at exit must never keep the step's process alive.
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "pipescope-span-export");
      t.setDaemon(true);
      return t;
    });
    try {
      return new SpanReporter(settings, exporter(settings, executor), executor, err);
    } catch (IllegalArgumentException e) {
      executor.shutdownNow();
      err.println("pipescope: cannot send spans to " + settings.destination() + ": " + e.getMessage()
          + "; no span will be sent");
      return new SpanReporter(null, null, null, err);
    }
  }

  /** No retries: one attempt bounded by the timeout, connecting included, keeps the step's wait short. */
  private static SpanExporter exporter(OtlpExportSettings settings, ExecutorService executor) {
    return switch (settings.protocol()) {
      case GRPC -> {
        var builder = OtlpGrpcSpanExporter.builder().setEndpoint(settings.endpoint())
            .setTimeout(settings.timeout()).setConnectTimeout(settings.timeout())
            .setCompression(settings.compression()).setRetryPolicy(null).setExecutorService(executor);
        settings.headers().forEach(builder::addHeader);
        yield builder.build();
      }
      case HTTP_PROTOBUF -> {
        var builder = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint())
            .setTimeout(settings.timeout()).setConnectTimeout(settings.timeout())
            .setCompression(settings.compression()).setRetryPolicy(null).setExecutorService(executor);
        settings.headers().forEach(builder::addHeader);
        yield builder.build();
      }
    };
  }

  /** The resource the spans carry; the SDK's default when the settings could not be read. */
  public Resource resource() {
    return settings == null ? Resource.getDefault() : settings.resource();
  }

  /**
   * Builds and sends one span if its trace is sampled, waiting at most the timeout plus a second;
   * returns whether it was acknowledged, after printing one line on stderr when it was not. Nothing
   * escapes: a span that cannot even be built is reported the same way, so the caller's exit code
   * stays the step's.
   */
  public boolean report(Supplier<SpanData> build) {
    if (exporter == null) {
      return false;
    }
    SpanData span;
    CompletableResultCode result;
    try {
      span = build.get();
      if (!span.getSpanContext().isSampled()) {
        return false;
      }
      result = exporter.export(List.of(span));
    } catch (RuntimeException e) {
      err.println("pipescope: no span sent: " + reason(e) + " (the exit code is unchanged)");
      return false;
    }
    result.join(settings.timeout().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    if (result.isSuccess()) {
      return true;
    }
    String why = !result.isDone() || timedOut(result.getFailureThrowable())
        ? "no answer within " + settings.timeout().toMillis() + " ms"
        : reason(result.getFailureThrowable());
    err.println("pipescope: span \"" + span.getName() + "\" could not be sent to " + settings.destination() + ": "
        + why + " (the step's exit code is unchanged)");
    return false;
  }

  /** OkHttp gives up on a call after its timeout with an InterruptedIOException (or its subclass SocketTimeoutException). */
  private static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause's message (e.g. "Failed to connect to /127.0.0.1:4317"), or what is known. */
  static String reason(Throwable failure) {
    if (failure == null) {
      return "the receiver refused the spans";
    }
    Throwable cause = failure;
    String message = null;
    while (cause != null) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return message != null ? message : failure.getClass().getSimpleName();
  }

  /** Best effort and bounded: whatever the exporter does on shutdown cannot change the exit code. */
  @Override
  public void close() {
    if (exporter != null) {
      try {
        exporter.shutdown().join(GRACE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        // Nothing is left to send; the daemon threads end with the process.
      } finally {
        executor.shutdownNow();
      }
    }
  }
}
