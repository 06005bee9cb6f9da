package io.emporium.platform.health;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One thing a JVM needs before it takes traffic (joined the cluster, store reachable, a service
 * discovered): the probe succeeds when it holds and fails otherwise.
 *
 * @param name short and stable, for logs and tests; never sent to HTTP clients
 */
public record ReadinessCheck(String name, Supplier<Future<?>> probe) {

  /** A check that is a plain condition, evaluated each time. */
  public static ReadinessCheck condition(String name, java.util.function.BooleanSupplier holds) {
    return new ReadinessCheck(name, () -> holds.getAsBoolean() ? Future.succeededFuture()
        : Future.failedFuture(name + " does not hold"));
  }
}
