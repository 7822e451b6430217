package io.pipescope.ingest.internal.remotewrite;

/** A series refused for its labels, and what the sender is told about it. */
record InvalidSeries(SeriesProblem problem, String detail) {}
