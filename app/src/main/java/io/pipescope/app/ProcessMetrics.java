package io.pipescope.app;

import com.sun.management.UnixOperatingSystemMXBean;
import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.aggregator.metrics.MetricCollector;
import io.pipescope.aggregator.metrics.MetricSource;
import io.pipescope.aggregator.metrics.MetricType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;

/** The standard process metrics Prometheus client libraries expose, plus JVM heap use. */
final class ProcessMetrics implements MetricSource {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final double startTimeSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;

  @Override
  public void collect(MetricCollector c) {
    c.family("process_start_time_seconds", MetricType.GAUGE, "Start time of the process since unix epoch in seconds.");
    c.sample(Labels.empty(), startTimeSeconds);
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      c.family("process_cpu_seconds", MetricType.COUNTER, "Total user and system CPU time spent in seconds.");
      c.sample(Labels.empty(), sun.getProcessCpuTime() / 1e9);
    }
    if (os instanceof UnixOperatingSystemMXBean unix) {
      c.family("process_open_fds", MetricType.GAUGE, "Number of open file descriptors.");
      c.sample(Labels.empty(), unix.getOpenFileDescriptorCount());
      c.family("process_max_fds", MetricType.GAUGE, "Maximum number of open file descriptors.");
      c.sample(Labels.empty(), unix.getMaxFileDescriptorCount());
    }
    c.family("jvm_memory_used_bytes", MetricType.GAUGE, "Used bytes of a given JVM memory area.");
    c.sample(Labels.of("area", "heap"), memory.getHeapMemoryUsage().getUsed());
    c.sample(Labels.of("area", "nonheap"), memory.getNonHeapMemoryUsage().getUsed());
    c.family("jvm_memory_max_bytes", MetricType.GAUGE, "Max bytes of a given JVM memory area (-1 if unbounded).");
    c.sample(Labels.of("area", "heap"), memory.getHeapMemoryUsage().getMax());
  }
}
