package io.emporium.platform.mesh;

import io.emporium.platform.discovery.ServiceDirectory.Departure;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.balance.Candidate;
import io.emporium.platform.mesh.policy.BreakerSettings;
import io.emporium.platform.mesh.policy.OutlierSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One instance as the mesh sees it: its discovery metadata, circuit breaker, health, outlier state,
 * calls in flight, counters and recent latencies. Thread-safe.
 */
final class Endpoint implements Candidate {
  private volatile ServiceInstance instance;
  private volatile InstanceBreaker breaker;
  private final BreakerHistory history = new BreakerHistory();
  private final HealthTracker health = new HealthTracker();
  private final OutlierTracker outlier = new OutlierTracker();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder calls = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LatencyRing latency = new LatencyRing();
  /** Latencies of the current latency-outlier interval (see {@link #intervalScoreMs}). */
  private final LongAdder intervalMicros = new LongAdder();
  private final LongAdder intervalCalls = new LongAdder();
  /** The p95 the hedge delay is taken from, recomputed at most every {@value #P95_REFRESH_MS} ms. */
  private volatile long p95Micros = -1;
  private volatile long p95AtNanos = Long.MIN_VALUE;
  private final AtomicBoolean p95Computing = new AtomicBoolean();
  static final long P95_REFRESH_MS = 250;
  /** Calls in flight, with the context to fail them on if the instance departs, and when they were sent. */
  private final Map<Promise<?>, Waiting> pending = new ConcurrentHashMap<>();

  private record Waiting(Optional<Context> context, long startNanos) {}
  /** Withdrawn or gone: no new call is sent. */
  private volatile boolean refusing;
  /** Gone: no answer will come, so calls in flight fail at once. */
  private volatile boolean gone;

  Endpoint(Vertx vertx, ServiceInstance instance, BreakerSettings breakerSettings) {
    this.instance = instance;
    this.breaker = InstanceBreaker.create(vertx, "mesh." + instance.service().wireName() + "." + instance.instanceId(),
        breakerSettings, history);
  }

  @Override
  public String id() {
    return instance.instanceId();
  }

  @Override
  public int weight() {
    return instance.weight();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  /** For the circuit gauge: 0 closed, 1 half-open, 2 open. */
  int circuitStateCode() {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  ServiceInstance instance() {
    return instance;
  }

  /** Discovery may announce new metadata (weight, version) for the same instance id. */
  void refresh(ServiceInstance latest) {
    if (latest != instance) {
      instance = latest;
    }
  }

  HealthTracker health() {
    return health;
  }

  OutlierTracker outlier() {
    return outlier;
  }

  InstanceBreaker breaker() {
    return breaker;
  }

  void applyBreakerSettings(Vertx vertx, BreakerSettings settings) {
    synchronized (this) {
      if (!breaker.sameSettings(settings)) {
        breaker = breaker.rebuild(vertx, settings, history);
      }
    }
  }

  /** Null when the instance may take a call now, else why not. */
  String exclusion(long nowNanos) {
    if (!health.healthy()) {
      return "unhealthy";
    }
    if (outlier.ejected(nowNanos)) {
      return outlier.exclusion();
    }
    if (!breaker.admits()) {
      return "circuit open";
    }
    return null;
  }

  /**
   * Whether the only thing keeping this instance out is a latency ejection: it answers, slowly. Such an
   * instance still takes calls when no other can (a slow answer beats none).
   */
  boolean onlySlow(long nowNanos) {
    return health.healthy() && outlier.ejectedForLatency(nowNanos) && breaker.admits();
  }

  void countRetry() {
    retries.increment();
  }

  /**
   * Sends one call through this instance's breaker, counting it in flight and timing it ({@code onEjection}
   * runs when its failure ejects the instance). The returned
   * future fails with {@code OpenCircuitException} when the breaker refused (then nothing was sent and
   * nothing is counted).
   */
  <T> Future<T> send(Supplier<Future<T>> request, OutlierSettings outlierSettings,
      VariantStats variant, Runnable onEjection) {
    return breaker.execute(() -> {
      long start = System.nanoTime();
      Promise<T> attempt = Promise.promise();
      // Registered before the departure check: a retirement that found this endpoint idle has set `refusing`
      // first, so the check below sees it; one that comes later finds the call pending (and keeps the
      // endpoint among the withdrawn if its node may still leave).
      pending.put(attempt, new Waiting(Optional.ofNullable(Vertx.currentContext()), start));
      if (refusing) {
        pending.remove(attempt);
        return Future.failedFuture(new InstanceDeparted(id(), false));
      }
      inFlight.incrementAndGet();
      calls.increment();
      // try*: a departure may have failed the attempt already, and the bus's own answer or timeout comes later.
      try {
        request.get().onComplete(attempt::tryComplete, attempt::tryFail);
      } catch (RuntimeException thrown) {
        // a send that throws instead of failing its future must not stay in flight for good
        attempt.tryFail(thrown);
      }
      if (gone) {
        abandon(attempt);
      }
      return attempt.future().andThen(outcome -> {
        pending.remove(attempt);
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        latency.record(now - start);
        intervalMicros.add((now - start) / 1_000);
        intervalCalls.increment();
        boolean failed = outcome.failed() && InstanceBreaker.countsAgainstInstance(outcome.cause());
        if (failed) {
          failures.increment();
          if (outlier.recordFailure(outlierSettings, now)) {
            onEjection.run();
          }
        } else {
          outlier.recordSuccess(outlierSettings, now);
        }
        variant.record(now - start, failed);
      });
    });
  }

  /**
   * The instance left the view: no new call is sent to it. When it is gone, calls in flight to it will
   * get no answer, so they fail now (each on its caller's context) instead of waiting for their
   * timeout; when it withdrew its record (a graceful stop), it answers what it has taken, so they wait.
   */
  void leave(Departure departure) {
    refusing = true;
    if (departure == Departure.GONE) {
      gone = true;
      pending.keySet().forEach(this::abandon);
    }
  }

  /** No call in flight. */
  boolean idle() {
    return pending.isEmpty();
  }

  /**
   * The mean latency, in milliseconds, of the calls answered since the last score, each call still in
   * flight counting with its age so far (so a hung instance scores high); -1 when there was no call.
   * Starts the next interval.
   */
  double intervalScoreMs(long nowNanos) {
    long micros = intervalMicros.sumThenReset();
    long calls = intervalCalls.sumThenReset();
    for (Waiting waiting : pending.values()) {
      micros += Math.max(0, nowNanos - waiting.startNanos()) / 1_000;
      calls++;
    }
    return calls == 0 ? -1 : micros / 1_000.0 / calls;
  }

  /**
   * The instance's recent p95 latency in milliseconds (-1 before 20 calls); cheap: recomputed now and then,
   * and at once while unknown (that answer costs no sort, and kept for 250 ms it hid the first samples).
   */
  double p95Ms(long nowNanos) {
    long at = p95AtNanos;
    boolean due = at == Long.MIN_VALUE || p95Micros < 0 || nowNanos - at > P95_REFRESH_MS * 1_000_000;
    if (due && p95Computing.compareAndSet(false, true)) {
      try {
        p95Micros = latency.percentileMicros(95, 20);
        p95AtNanos = nowNanos;
      } finally {
        p95Computing.set(false);
      }
    }
    long micros = p95Micros;
    return micros < 0 ? -1 : micros / 1_000.0;
  }

  private void abandon(Promise<?> attempt) {
    InstanceDeparted gone = new InstanceDeparted(id(), true);
    Waiting waiting = pending.get(attempt);
    Optional<Context> context = waiting == null ? Optional.empty() : waiting.context();
    context.ifPresentOrElse(c -> c.runOnContext(v -> attempt.tryFail(gone)), () -> attempt.tryFail(gone));
  }

  JsonObject toJson(long nowNanos) {
    ServiceInstance current = instance;
    InstanceBreaker currentBreaker = breaker;
    String exclusion = exclusion(nowNanos);
    return new JsonObject()
        .put("instanceId", current.instanceId())
        .put("address", current.address())
        .put("version", current.version())
        .put("weight", current.weight())
        .put("nodeId", current.nodeId())
        .put("labels", current.labels().copy())
        .put("available", exclusion == null)
        .put("unavailableBecause", exclusion)
        .put("health", health.toJson())
        .put("circuit", new JsonObject()
            .put("state", currentBreaker.state().name())
            .put("failureCount", currentBreaker.failureCount())
            .put("timesOpened", history.timesOpened())
            .put("transitions", history.toJson()))
        .put("outlier", outlier.toJson(nowNanos))
        .put("inFlight", inFlight.get())
        .put("calls", calls.sum())
        .put("failures", failures.sum())
        .put("retries", retries.sum())
        .put("latencyMs", latency.toJson());
  }
}
