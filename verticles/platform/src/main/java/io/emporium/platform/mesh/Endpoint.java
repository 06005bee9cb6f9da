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
  /** Calls in flight, with the context to fail them on if the instance departs. */
  private final Map<Promise<JsonObject>, Optional<Context>> pending = new ConcurrentHashMap<>();
  /** Withdrawn or gone: no new call is sent. */
  private volatile boolean refusing;
  /** Gone: no answer will come, so calls in flight fail at once. */
  private volatile boolean gone;

  Endpoint(Vertx vertx, ServiceInstance instance, BreakerSettings breakerSettings, int callTimeoutMs) {
    this.instance = instance;
    this.breaker = InstanceBreaker.create(vertx, "mesh." + instance.service().wireName() + "." + instance.instanceId(),
        breakerSettings, callTimeoutMs, history);
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

  void applyBreakerSettings(Vertx vertx, BreakerSettings settings, int callTimeoutMs) {
    synchronized (this) {
      if (!breaker.sameSettings(settings, callTimeoutMs)) {
        breaker = breaker.rebuild(vertx, settings, callTimeoutMs, history);
      }
    }
  }

  /** Null when the instance may take a call now, else why not. */
  String exclusion(long nowNanos) {
    if (!health.healthy()) {
      return "unhealthy";
    }
    if (outlier.ejected(nowNanos)) {
      return "ejected";
    }
    if (!breaker.admits()) {
      return "circuit open";
    }
    return null;
  }

  void countRetry() {
    retries.increment();
  }

  /**
   * Sends one call through this instance's breaker, counting it in flight and timing it. The returned
   * future fails with {@code OpenCircuitException} when the breaker refused (then nothing was sent and
   * nothing is counted).
   */
  Future<JsonObject> send(Supplier<Future<JsonObject>> request, OutlierSettings outlierSettings,
      VariantStats variant) {
    return breaker.execute(() -> {
      if (refusing) {
        return Future.failedFuture(new InstanceDeparted(id(), false));
      }
      inFlight.incrementAndGet();
      calls.increment();
      long start = System.nanoTime();
      Promise<JsonObject> attempt = Promise.promise();
      pending.put(attempt, Optional.ofNullable(Vertx.currentContext()));
      // try*: a departure may have failed the attempt already, and the bus's own answer or timeout comes later.
      request.get().onComplete(attempt::tryComplete, attempt::tryFail);
      if (gone) {
        abandon(attempt);
      }
      return attempt.future().andThen(outcome -> {
        pending.remove(attempt);
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        latency.record(now - start);
        boolean failed = outcome.failed() && InstanceBreaker.countsAgainstInstance(outcome.cause());
        if (failed) {
          failures.increment();
          outlier.recordFailure(outlierSettings, now);
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

  private void abandon(Promise<JsonObject> attempt) {
    InstanceDeparted gone = new InstanceDeparted(id(), true);
    Optional<Context> context = pending.getOrDefault(attempt, Optional.empty());
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
