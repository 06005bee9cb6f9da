package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Puts metrics on a Vert.x builder: vertx-micrometer-metrics with a Prometheus registry (HTTP server
 * and client, event bus, pools, SQL and Redis clients), JVM, process and system meters, Emporium's own
 * store timings, and the facade bound to the Vert.x it builds.
 *
 * <p>Label cardinality stays bounded: the HTTP label is the route template (never the path), no
 * remote or local addresses, and event-bus addresses that carry an instance id or a reply number are
 * folded into one value each.
 */
public final class MetricsSetup {
  /** What {@link #prepare} built; call {@link #bind} with the Vert.x once it is built. */
  public record Prepared(PrometheusMeterRegistry registry, EmporiumMetrics metrics) {
    public Vertx bind(Vertx vertx) {
      EmporiumMetrics.bind(vertx, metrics);
      return vertx;
    }
  }

  private static final Pattern INSTANCE_ADDRESS = Pattern.compile("^(emporium\\.[a-z]+\\.instance)\\..+$");
  private static final Pattern REPLY_ADDRESS = Pattern.compile("^__vertx\\.reply\\..*$");
  private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern NUMBER = Pattern.compile("\\d{3,}");

  private MetricsSetup() {}

  /**
   * A registry with the JVM meters bound and the common tags of this JVM.
   *
   * @param roles the roles this JVM runs (a tag on every meter, e.g. {@code gateway,product})
   */
  public static Prepared prepare(String roles) {
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), CoarseClock.INSTANCE);
    registry.config()
        .commonTags("application", "emporium", "roles", roles, "node", nodeName())
        .meterFilter(MeterFilter.replaceTagValues("address", MetricsSetup::foldAddress))
        .meterFilter(new MeterFilter() {
          @Override
          public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            // Vert.x's HTTP client timer gets the same service-level buckets as ours.
            if (id.getName().startsWith("vertx.http.client.response.time")) {
              return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos(EmporiumMetrics.LATENCY_BUCKETS))
                  .build().merge(config);
            }
            return config;
          }
        })
        .meterFilter(JvmMeterNames.FILTER);
    LabelBudget.on(registry, LabelBudget.DEFAULT_BUDGET);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    // Registered at once (the GC pause timers appear only after the first collection): alerts can rely on them.
    new JvmHeapPressureMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmMeterNames.bindProcessCpuTime(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new Prepared(registry, EmporiumMetrics.on(registry));
  }

  /** The metrics options for {@link VertxOptions#setMetricsOptions}: labels that stay bounded. */
  public static MetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        // Each Vert.x its own registry name: vertx-micrometer keys its registries by name, JVM-wide.
        .setRegistryName("emporium-" + UUID.randomUUID())
        .setJvmMetricsEnabled(false)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS,
            Label.EB_SIDE, Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE));
  }

  /**
   * Sets metrics on the options and the builder (call {@code builder.with(options)} after this, or
   * pass the same options object already given to it).
   */
  public static VertxBuilder apply(VertxBuilder builder, VertxOptions options, Prepared prepared) {
    options.setMetricsOptions(options());
    MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory(prepared.registry());
    return builder.with(options).withMetrics(new VertxMetricsFactory() {
      @Override
      public VertxMetrics metrics(VertxOptions vertxOptions) {
        return new EmporiumVertxMetrics(micrometer.metrics(vertxOptions), prepared.metrics(), prepared.registry());
      }

      @Override
      public MetricsOptions newOptions() {
        return micrometer.newOptions();
      }

      @Override
      public MetricsOptions newOptions(MetricsOptions options) {
        return micrometer.newOptions(options);
      }

      @Override
      public MetricsOptions newOptions(io.vertx.core.json.JsonObject json) {
        return micrometer.newOptions(json);
      }
    });
  }

  /** A Vert.x with metrics, for tests and tools that build their own. */
  public static Vertx vertx(String roles) {
    Prepared prepared = prepare(roles);
    return prepared.bind(apply(Vertx.builder(), new VertxOptions(), prepared).build());
  }

  static String foldAddress(String address) {
    if (address == null) {
      return "none";
    }
    if (REPLY_ADDRESS.matcher(address).matches()) {
      return "__vertx.reply";
    }
    String folded = INSTANCE_ADDRESS.matcher(address).replaceFirst("$1");
    folded = UUID_LIKE.matcher(folded).replaceAll("{id}");
    return NUMBER.matcher(folded).replaceAll("{n}");
  }

  /** Timer distribution configs count in nanoseconds. */
  private static double[] nanos(Duration[] buckets) {
    double[] nanos = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      nanos[i] = buckets[i].toNanos();
    }
    return nanos;
  }

  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown";
    }
    return host + "/" + ProcessHandle.current().pid();
  }
}
