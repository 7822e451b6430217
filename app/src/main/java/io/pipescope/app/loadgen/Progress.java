package io.pipescope.app.loadgen;

/**
 * The state of a run, once a second.
 *
 * @param spansPerSecond spans sent over the last interval, per second
 * @param p50Millis export latency median over the last interval
 * @param p99Millis export latency 99th percentile over the last interval
 */
public record Progress(
    double elapsedSeconds,
    double spansPerSecond,
    long spansSent,
    long spansAccepted,
    long spansRefused,
    long spansErrors,
    long requestsDropped,
    double p50Millis,
    double p99Millis) {}
