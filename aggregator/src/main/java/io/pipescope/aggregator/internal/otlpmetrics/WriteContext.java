package io.pipescope.aggregator.internal.otlpmetrics;

/** What a {@link MetricWriter} writes with: the point's resource, the sink, the counts, the delta totals. */
record WriteContext(ResourceLabels resource, SampleSink sink, RequestCounts counts, DeltaToCumulative deltas) {}
