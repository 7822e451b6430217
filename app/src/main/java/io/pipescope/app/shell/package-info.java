/**
 * What the command line needs to report a shell step as OpenTelemetry: the standard exporter
 * variables ({@link io.pipescope.app.shell.OtlpExportSettings}), W3C trace context in environment
 * variables ({@link io.pipescope.app.shell.TraceContextEnvironment}), running the step as a shell
 * would ({@link io.pipescope.app.shell.ChildCommand}) and sending its span without ever failing it
 * ({@link io.pipescope.app.shell.SpanReporter}). Which attributes the spans carry is the commands'
 * business ({@code io.pipescope.app.cli}), following docs/instrumentation.md.
 */
package io.pipescope.app.shell;
