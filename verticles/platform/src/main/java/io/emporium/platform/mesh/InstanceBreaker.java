package io.emporium.platform.mesh;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.mesh.policy.BreakerSettings;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The circuit breaker of one instance (vertx-circuit-breaker). Only failures of the service
 * ({@link ErrorCode#isFailureOfService()}: TIMEOUT, UNAVAILABLE, INTERNAL) count; an answer such as
 * NOT_FOUND closes the count like a success. While half-open exactly one probe call goes through; the
 * mesh asks {@link #admits()} before choosing the instance, so it never picks one that would refuse.
 *
 * <p>vertx-circuit-breaker fixes its options at creation, so a policy change builds a new breaker;
 * {@link #rebuild} carries an open circuit over (it stays open, with the new reset timeout).
 */
final class InstanceBreaker {
  private final CircuitBreaker breaker;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final BreakerSettings settings;
  private volatile boolean retired;

  private InstanceBreaker(Vertx vertx, String name, BreakerSettings settings, BreakerHistory history) {
    this.settings = settings;
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(settings.failureThreshold())
        .setResetTimeout(settings.resetTimeoutMs())
        // No timer of the breaker's own: every bus request is sent with the call's exact timeout and always
        // completes (answer, failure or timeout), so a second timer per call bounded nothing (it cost
        // 1.4 % of an uncached GET, set and cancelled per call).
        .setTimeout(-1)
        .setFallbackOnFailure(false)
        .setNotificationAddress(null));
    breaker.failurePolicy(future -> future.failed() && countsAgainstInstance(future.cause()));
    breaker.openHandler(v -> {
      if (!retired) {
        boolean probeFailed = probing.get();
        history.record(probeFailed ? CircuitBreakerState.HALF_OPEN : CircuitBreakerState.CLOSED,
            CircuitBreakerState.OPEN, probeFailed ? "the half-open probe failed"
                : settings.failureThreshold() + " failures of the service in a row");
      }
    });
    breaker.halfOpenHandler(v -> {
      if (!retired) {
        history.record(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN,
            "reset timeout of " + settings.resetTimeoutMs() + " ms elapsed");
      }
    });
    breaker.closeHandler(v -> {
      if (!retired) {
        history.record(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED, "the half-open probe succeeded");
      }
    });
  }

  static InstanceBreaker create(Vertx vertx, String name, BreakerSettings settings, BreakerHistory history) {
    return new InstanceBreaker(vertx, name, settings, history);
  }

  /** A breaker with new settings in the state of this one (an open or half-open circuit starts open). */
  InstanceBreaker rebuild(Vertx vertx, BreakerSettings newSettings, BreakerHistory history) {
    retired = true;
    InstanceBreaker next = new InstanceBreaker(vertx, breaker.name(), newSettings, history);
    if (breaker.state() != CircuitBreakerState.CLOSED) {
      next.retired = true;
      next.breaker.open();
      next.retired = false;
    }
    breaker.close();
    return next;
  }

  boolean sameSettings(BreakerSettings other) {
    return settings.equals(other);
  }

  CircuitBreakerState state() {
    return breaker.state();
  }

  long failureCount() {
    return breaker.failureCount();
  }

  /** Whether a call sent now would go through: closed, or half-open with no probe in flight. */
  boolean admits() {
    return switch (breaker.state()) {
      case CLOSED -> true;
      case HALF_OPEN -> !probing.get();
      case OPEN -> false;
    };
  }

  /** Runs the call through the breaker; a refused call fails with {@link OpenCircuitException}. */
  <T> Future<T> execute(Supplier<Future<T>> call) {
    if (breaker.state() == CircuitBreakerState.HALF_OPEN) {
      if (!probing.compareAndSet(false, true)) {
        return Future.failedFuture(OpenCircuitException.INSTANCE);
      }
      return breaker.execute(call).andThen(done -> probing.set(false));
    }
    return breaker.execute(call);
  }

  /** The contract error of a failed call, including the breaker's own refusals. */
  static ServiceError errorOf(Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      return ServiceError.of(ErrorCode.UNAVAILABLE, "the instance's circuit is open");
    }
    if (failure instanceof InstanceDeparted) {
      return ServiceError.of(ErrorCode.UNAVAILABLE, "the instance left while the call was in flight");
    }
    return ServiceError.from(failure);
  }

  static boolean countsAgainstInstance(Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      return false;
    }
    if (failure instanceof InstanceDeparted) {
      return true;
    }
    return ServiceError.from(failure).code().isFailureOfService();
  }
}
