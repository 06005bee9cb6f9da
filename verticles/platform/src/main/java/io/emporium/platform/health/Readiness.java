package io.emporium.platform.health;

import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this JVM should receive traffic: every check holds and it is not draining. Graceful
 * shutdown calls {@link #startDraining()} before anything stops, so orchestrators and load balancers
 * take the JVM out before its servers close. Each check is bounded by the health timeout, so a hung
 * store makes the JVM not ready instead of hanging the probe.
 */
public final class Readiness {
  public static final String DRAINING = "draining";
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  private final Vertx vertx;
  private final long timeoutMs;
  private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean lastReady = new AtomicBoolean();
  private final Liveness liveness = new Liveness();

  public Readiness(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Readiness add(ReadinessCheck check) {
    checks.add(check);
    return this;
  }

  /** This JVM's liveness, probed beside its readiness (a JVM that is not live is not ready either). */
  public Liveness liveness() {
    return liveness;
  }

  /** From now on the JVM answers not ready; there is no way back (it is stopping). */
  public void startDraining() {
    if (draining.compareAndSet(false, true)) {
      LOG.info("draining: readiness now answers not ready");
    }
  }

  public boolean draining() {
    return draining.get();
  }

  /** Never fails: a failing or slow check makes the result not ready. */
  public Future<ReadinessResult> check() {
    if (draining.get()) {
      return Future.succeededFuture(new ReadinessResult(false, List.of(DRAINING)));
    }
    List<ReadinessCheck> current = List.copyOf(checks);
    List<Future<?>> probes = new ArrayList<>();
    for (ReadinessCheck check : current) {
      Future<?> probe;
      try {
        probe = check.probe().get();
      } catch (RuntimeException e) {
        probe = Future.failedFuture(e);
      }
      probes.add(Deadlines.within(vertx, probe, timeoutMs, check.name()));
    }
    return Future.join(probes).otherwiseEmpty().map(v -> {
      List<String> failing = new ArrayList<>();
      List<String> holding = new ArrayList<>();
      for (int i = 0; i < current.size(); i++) {
        (probes.get(i).failed() ? failing : holding).add(current.get(i).name());
      }
      // Draining may have started while the checks ran.
      if (draining.get()) {
        failing.add(DRAINING);
      }
      boolean ready = failing.isEmpty();
      if (lastReady.getAndSet(ready) != ready) {
        LOG.info(ready ? "ready" : "not ready: {}", failing);
      }
      return new ReadinessResult(ready, failing, holding);
    });
  }
}
