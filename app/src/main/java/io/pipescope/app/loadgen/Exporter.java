package io.pipescope.app.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * One OTLP trace exporter with its own connection, sending one request at a time as an SDK's
 * batch span processor does. Never throws for what the server or the network does: every answer,
 * or its absence, is an {@link ExportOutcome}.
 */
public interface Exporter extends AutoCloseable {
  ExportOutcome export(ExportTraceServiceRequest request);

  @Override
  void close();
}
