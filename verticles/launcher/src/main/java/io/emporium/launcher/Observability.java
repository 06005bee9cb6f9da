package io.emporium.launcher;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.Role;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the Vert.x of this JVM is built with for watching it: metrics (unless metrics.enabled=false) and
 * tracing (when tracing.otlp-endpoint names a receiver, unless tracing.enabled=false).
 */
final class Observability {
  private final Optional<MetricsSetup.Prepared> metrics;
  private final Optional<Tracing> tracing;
  private BusTlsFailures busTlsFailures;

  private Observability(Optional<MetricsSetup.Prepared> metrics, Optional<Tracing> tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
  }

  static Observability prepare(EmporiumConfig config) {
    String roles = config.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
    return new Observability(
        config.observability().metricsEnabled() ? Optional.of(MetricsSetup.prepare(roles)) : Optional.empty(),
        tracing(config) ? Optional.of(Tracing.create(config, roles)) : Optional.empty());
  }

  /**
   * Spans are made only when they can leave the JVM: without a receiver every span would be work on the
   * event loop that nobody can ever read.
   */
  private static boolean tracing(EmporiumConfig config) {
    return config.observability().tracingEnabled() && config.observability().otlpEndpoint().isPresent();
  }

  /** A builder with these options and the metrics and tracing factories. */
  VertxBuilder builder(VertxOptions options) {
    VertxBuilder builder = Vertx.builder();
    tracing.ifPresent(t -> t.apply(builder, options));
    return metrics.map(m -> MetricsSetup.apply(builder, options, m)).orElseGet(() -> builder.with(options));
  }

  /** Flushes the spans still buffered (call when Vert.x has closed). */
  Future<Void> close() {
    if (busTlsFailures != null) {
      busTlsFailures.detach();
    }
    return tracing.map(Tracing::close).orElseGet(Future::succeededFuture);
  }

  /** Binds the facade to the built Vert.x, so every module finds it with {@link EmporiumMetrics#of}. */
  Vertx bind(Vertx vertx) {
    metrics.ifPresent(m -> {
      m.bind(vertx);
      busTlsFailures = BusTlsFailures.attach(m.metrics());
    });
    return vertx;
  }
}
