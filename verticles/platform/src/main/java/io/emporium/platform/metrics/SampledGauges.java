package io.emporium.platform.metrics;

import io.emporium.platform.async.FailureStreak;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges whose values come from a store (outbox backlog, active users, low stock): one query every
 * {@code intervalMs}, off the scrape path, whose result each gauge reads from. A gauge is NaN until the
 * first sample and after a failed one, so a stale value never looks current. Deploy it as a helper
 * verticle: its timer ends with it.
 *
 * @param <T> what one sample answers
 */
public final class SampledGauges<T> extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SampledGauges.class);

  private record Spec<T>(String name, String help, ToDoubleFunction<T> value, String[] tags) {}

  private final long intervalMs;
  private final Supplier<Future<T>> sample;
  private final List<Spec<T>> specs = new ArrayList<>();
  private final List<Gauge> gauges = new ArrayList<>();
  private volatile T last;
  /** Made at start, once the gauges are known (they name the failure). */
  private FailureStreak failures;

  public SampledGauges(long intervalMs, Supplier<Future<T>> sample) {
    this.intervalMs = intervalMs;
    this.sample = sample;
  }

  public SampledGauges<T> gauge(String name, String help, ToDoubleFunction<T> value, String... tags) {
    specs.add(new Spec<>(name, help, value, tags));
    return this;
  }

  @Override
  public Future<?> start() {
    EmporiumMetrics metrics = EmporiumMetrics.of(vertx);
    if (!metrics.enabled()) {
      return Future.succeededFuture();
    }
    for (Spec<T> spec : specs) {
      gauges.add(metrics.gauge(spec.name(), spec.help(), () -> {
        T current = last;
        return current == null ? Double.NaN : spec.value().applyAsDouble(current);
      }, spec.tags()));
    }
    failures = new FailureStreak(LOG, "cannot sample gauges " + specs.stream().map(Spec::name).toList(), null);
    vertx.setPeriodic(1, intervalMs, id -> refresh());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    EmporiumMetrics metrics = EmporiumMetrics.of(vertx);
    gauges.forEach(metrics::remove);
    return Future.succeededFuture();
  }

  private void refresh() {
    Future<T> next;
    try {
      next = sample.get();
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    next.onComplete(done -> {
      if (done.succeeded()) {
        last = done.result();
        failures.succeeded();
      } else {
        last = null;
        failures.failed(done.cause());
      }
    });
  }
}
