package io.emporium.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Micrometer's JVM meters under names {@code promtool check metrics} accepts: {@code system_cpu_count}
 * is a gauge with a histogram's {@code _count} suffix, so it becomes {@code system_cpus}; the CPU time
 * counter is in nanoseconds ({@code process_cpu_time_ns_total}, an abbreviated unit), so it is dropped and
 * counted again in seconds, {@code process_cpu_time_seconds_total}.
 */
final class JvmMeterNames {
  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return id.getName().equals("process.cpu.time") && "ns".equals(id.getBaseUnit())
          ? MeterFilterReply.DENY
          : MeterFilterReply.NEUTRAL;
    }
  };

  private JvmMeterNames() {}

  /** The JVM's CPU time in seconds, where the platform tells it (HotSpot and OpenJ9 do). */
  static void bindProcessCpuTime(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean hotspot && hotspot.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu.time", hotspot, bean -> bean.getProcessCpuTime() / 1e9)
          .baseUnit("seconds").description("The CPU time used by the Java virtual machine process")
          .register(registry);
    }
  }
}
