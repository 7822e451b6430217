package io.pipescope.aggregator.internal.otlpmetrics;

import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.EXPONENTIAL_HISTOGRAM;
import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.GAUGE;
import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.HISTOGRAM;
import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.MONOTONIC_COUNTER;
import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.NON_MONOTONIC_COUNTER;
import static io.pipescope.aggregator.internal.otlpmetrics.MetricKind.SUMMARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names as Prometheus 3 builds them (UnderscoreEscapingWithSuffixes); cases after otlptranslator's
 * metric_namer_test.go and the OTel semantic conventions. A null name means the metric is dropped.
 */
class MetricNamerTest {
  static Stream<Arguments> names() {
    return Stream.of(
        // name, unit, kind, Prometheus name
        arguments("http.server.duration", "ms", HISTOGRAM, "http_server_duration_milliseconds"),
        arguments("http.server.request.duration", "s", HISTOGRAM, "http_server_request_duration_seconds"),
        arguments("system.cpu.time", "s", MONOTONIC_COUNTER, "system_cpu_time_seconds_total"),
        arguments("requests", "1", GAUGE, "requests_ratio"),
        arguments("requests", "{requests}", MONOTONIC_COUNTER, "requests_total"),
        arguments("http.server.active_requests", "{request}", NON_MONOTONIC_COUNTER, "http_server_active_requests"),
        arguments("custom_metric", "By/{custom}", GAUGE, "custom_metric_bytes"),
        arguments("process.runtime.jvm.memory.usage", "By", NON_MONOTONIC_COUNTER,
            "process_runtime_jvm_memory_usage_bytes"),
        // counters and ratios
        arguments("requests", "", MONOTONIC_COUNTER, "requests_total"),
        arguments("items", "1", MONOTONIC_COUNTER, "items_total"),
        arguments("cpu_usage", "1", GAUGE, "cpu_usage_ratio"),
        arguments("cpu_usage", "1", NON_MONOTONIC_COUNTER, "cpu_usage"),
        arguments("requests_total", "", MONOTONIC_COUNTER, "requests_total"),
        arguments("total.requests", "", MONOTONIC_COUNTER, "requests_total"),
        arguments("cpu_usage_ratio", "1", GAUGE, "cpu_usage_ratio"),
        arguments("active_connections", "", NON_MONOTONIC_COUNTER, "active_connections"),
        // units already in the name are not repeated
        arguments("response_time_seconds", "s", GAUGE, "response_time_seconds"),
        arguments("seconds.elapsed", "s", GAUGE, "seconds_elapsed"),
        arguments("cpu_seconds_total", "s", MONOTONIC_COUNTER, "cpu_seconds_total"),
        arguments("request_duration", "s", HISTOGRAM, "request_duration_seconds"),
        arguments("request_size", "By", EXPONENTIAL_HISTOGRAM, "request_size_bytes"),
        arguments("response_time", "ms", SUMMARY, "response_time_milliseconds"),
        // the unit table
        arguments("uptime", "d", GAUGE, "uptime_days"),
        arguments("duration", "h", GAUGE, "duration_hours"),
        arguments("timeout", "min", GAUGE, "timeout_minutes"),
        arguments("latency", "us", GAUGE, "latency_microseconds"),
        arguments("precision_time", "ns", GAUGE, "precision_time_nanoseconds"),
        arguments("cache_size", "KiBy", GAUGE, "cache_size_kibibytes"),
        arguments("memory", "MiBy", GAUGE, "memory_mebibytes"),
        arguments("storage", "GiBy", GAUGE, "storage_gibibytes"),
        arguments("capacity", "TiBy", GAUGE, "capacity_tibibytes"),
        arguments("transfer", "KBy", GAUGE, "transfer_kilobytes"),
        arguments("download", "MBy", GAUGE, "download_megabytes"),
        arguments("backup", "GBy", GAUGE, "backup_gigabytes"),
        arguments("archive", "TBy", GAUGE, "archive_terabytes"),
        arguments("distance", "m", GAUGE, "distance_meters"),
        arguments("voltage", "V", GAUGE, "voltage_volts"),
        arguments("current", "A", GAUGE, "current_amperes"),
        arguments("energy", "J", GAUGE, "energy_joules"),
        arguments("power", "W", GAUGE, "power_watts"),
        arguments("weight", "g", GAUGE, "weight_grams"),
        arguments("temperature", "Cel", GAUGE, "temperature_celsius"),
        arguments("frequency", "Hz", GAUGE, "frequency_hertz"),
        arguments("cpu_usage", "%", GAUGE, "cpu_usage_percent"),
        arguments("custom_metric", "custom_unit", GAUGE, "custom_metric_custom_unit"),
        // per units
        arguments("requests", "1/s", GAUGE, "requests_per_second"),
        arguments("throughput", "By/s", GAUGE, "throughput_bytes_per_second"),
        arguments("requests", "1/m", GAUGE, "requests_per_minute"),
        arguments("events", "1/h", GAUGE, "events_per_hour"),
        arguments("transactions", "1/d", GAUGE, "transactions_per_day"),
        arguments("reports", "1/w", GAUGE, "reports_per_week"),
        arguments("invoices", "1/mo", GAUGE, "invoices_per_month"),
        arguments("renewals", "1/y", GAUGE, "renewals_per_year"),
        arguments("custom", "1/custom_unit", GAUGE, "custom_per_custom_unit"),
        arguments("requests", "1/s", MONOTONIC_COUNTER, "requests_per_second_total"),
        arguments("metric", "By/", GAUGE, "metric_bytes"),
        arguments("metric", " By / s ", GAUGE, "metric_bytes_per_second"),
        arguments("metric", "/", GAUGE, "metric"),
        // escaping
        arguments("metric@with#special$chars", "", GAUGE, "metric_with_special_chars"),
        arguments("metric@@##$$name", "", GAUGE, "metric_name"),
        arguments("metric__with__multiple__underscores", "unit__multiple__underscores", GAUGE,
            "metric_with_multiple_underscores_unit_multiple_underscores"),
        arguments("custom_metric", "unit@with#special/chars", GAUGE, "custom_metric_unit_with_special_per_chars"),
        arguments("métric_with_ñ_chars", "", GAUGE, "m_tric_with_chars"),
        arguments("_leading.underscore_", "", GAUGE, "leading_underscore"),
        arguments("name:with:colons", "", GAUGE, "name:with:colons"),
        arguments("123metric", "", GAUGE, "_123metric"),
        arguments("123_requests", "", MONOTONIC_COUNTER, "_123_requests_total"),
        // nothing valid left: dropped
        arguments("@#$%", "", GAUGE, null),
        arguments("", "", GAUGE, null),
        arguments("", "s", GAUGE, "seconds"));
  }

  @ParameterizedTest(name = "{0} [{1}] {2} -> {3}")
  @MethodSource("names")
  void buildsThePrometheusName(String name, String unit, MetricKind kind, String expected) {
    assertEquals(expected, MetricNamer.build(name, unit, kind));
  }
}
