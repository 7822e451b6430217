package io.pipescope.store.internal.wal;

/**
 * One sample of the series with reference {@code ref} (Prometheus's record.RefSample). The value
 * round-trips bit for bit, so NaN payloads such as the staleness marker survive; compare values with
 * {@link Double#doubleToRawLongBits}, since {@code equals} makes all NaNs equal.
 */
public record RefSample(long ref, long timestampMillis, double value) {}
