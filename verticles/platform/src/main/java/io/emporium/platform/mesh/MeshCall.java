package io.emporium.platform.mesh;

import io.emporium.contract.Action;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One call through the mesh, from the first attempt to the answer. The policy's timeout bounds the
 * whole call: each attempt is sent with the time that remains (an idempotent one with at most the
 * policy's per-attempt timeout), so no caller ever waits longer.
 *
 * <ul>
 *   <li>an answer (success, or NOT_FOUND, VALIDATION, ... — not a failure of the service) ends the call;
 *   <li>a refusal by the breaker (it opened after the instance was chosen) or NO_HANDLERS (the instance
 *       has gone; the message was not delivered) sends the call to another instance at once, for any
 *       action, without counting a retry;
 *   <li>a failure of the service (TIMEOUT, UNAVAILABLE, INTERNAL) is retried on an instance not tried
 *       yet, only for idempotent actions, after a full-jitter backoff, while attempts remain, time
 *       remains and the retry budget allows;
 *   <li>with hedging on, an idempotent attempt not answered within its instance's p95 (its peers' while
 *       it has none; bounded; see {@link InstanceSelection#hedgeBasisMs}) is sent once more, to an instance
 *       not tried yet, within the hedge budget: the first answer wins and the other is ignored (it
 *       still counts for its instance's latency, breaker and ejection).
 * </ul>
 *
 * <p>With a mirror in the policy, a sample of the idempotent calls is also sent to the shadow version
 * ({@link TrafficMirror}); nothing of this call waits for it.
 *
 * <p>Its state changes under its own lock: answers, timers and retries may run on different threads
 * when the caller is not on a Vert.x context.
 */
final class MeshCall<T> {
  private final MeshRuntime mesh;
  private final ServiceLane lane;
  private final Action action;
  private final JsonObject payload;
  private final CallContext context;
  private final ServicePolicy policy;
  private final boolean retryable;
  private final boolean hedging;
  private final VariantChoice variant;
  /** The key consistent hashing places the call by, or null. */
  private final String hashKey;
  private final long deadlineNanos;
  private final Set<String> tried = new HashSet<>();
  private final Promise<T> result = Promise.promise();
  private final ReplyForm<T> form;
  private int retriesDone;
  private ServiceError lastFailure;
  /** Attempts sent and not answered yet (two while a hedge is out). */
  private int outstanding;
  private boolean hedged;
  private long hedgeTimer = -1;

  MeshCall(MeshRuntime mesh, ServiceLane lane, Action action, JsonObject payload, CallContext context,
      boolean retryable, ReplyForm<T> form) {
    this.mesh = mesh;
    this.form = form;
    this.lane = lane;
    this.action = action;
    this.payload = payload;
    this.context = context;
    this.policy = lane.policy();
    this.retryable = retryable;
    this.hedging = retryable && action.readOnly() && policy.hedge().enabled();
    this.variant = VariantChoice.of(policy, context);
    this.hashKey = policy.hashKey().map(key -> key.of(context.callerId(), payload)).orElse(null);
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(policy.timeoutFor(action));
  }

  Future<T> start() {
    if (!VariantChoice.wellFormed(context)) {
      return Future.failedFuture(ServiceError.invalid("variant",
          "a forced variant must be a version: 1-64 letters, digits and . _ + -").toException());
    }
    lane.calls.increment();
    lane.budget.recordCall();
    if (hedging) {
      lane.hedgeBudget.recordCall();
    }
    if (variant.canary() != null) {
      lane.canaryCall(variant.canary());
    }
    long started = System.nanoTime();
    result.future().onComplete(done -> mesh.meters().call(lane.service, action.wireName(), started, done.cause()));
    attempt(null, false);
    if (retryable && action.readOnly() && policy.mirror().isPresent()) {
      lane.mirror.maybeMirror(mesh, lane, policy.mirror().get(), action, payload, context,
          policy.timeoutFor(action), result.future().map(form::toJson));
    }
    return result.future();
  }

  private long remainingMs() {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  private synchronized void attempt(ServiceError lastFailure, boolean isRetry) {
    if (result.future().isComplete()) {
      return;
    }
    long remaining = remainingMs();
    if (remaining <= 0) {
      fail(lastFailure != null ? lastFailure
          : ServiceError.of(ErrorCode.TIMEOUT, "the " + lane.service.wireName() + " service did not answer in time"));
      return;
    }
    InstanceSelection.Selection selection = mesh.selection().select(lane, variant, tried, hashKey);
    if (selection.endpoint() == null) {
      if (lastFailure == null) {
        lane.noInstanceAvailable.increment();
      }
      fail(lastFailure != null ? lastFailure : selection.unavailable());
      return;
    }
    Endpoint endpoint = selection.endpoint();
    if (isRetry) {
      endpoint.countRetry();
      lane.retries.increment();
      mesh.meters().retry(lane.service);
    }
    if (hedging && !hedged) {
      scheduleHedge(endpoint, remaining);
    }
    send(endpoint, remaining, isRetry, false);
  }

  private void send(Endpoint endpoint, long remaining, boolean isRetry, boolean isHedge) {
    tried.add(endpoint.id());
    long timeout = retryable ? policy.retry().attemptTimeoutMs(remaining) : remaining;
    String version = endpoint.instance().version();
    outstanding++;
    endpoint.send(() -> mesh.transport().request(endpoint.instance(), action, payload, context, timeout, form),
            mesh.settings().outlier(), lane.variant(version), lane.failureEjection)
        .onComplete(outcome -> answered(endpoint, outcome, isRetry, isHedge));
  }

  /** After the instance's p95 (its peers' while it has none; bounded), a second attempt goes out if the first has not answered. */
  private void scheduleHedge(Endpoint primary, long remaining) {
    cancelHedge();
    long delay = policy.hedge().delayMs(mesh.selection().hedgeBasisMs(lane.service, primary, System.nanoTime()));
    if (delay < remaining) {
      hedgeTimer = mesh.vertx().setTimer(delay, id -> hedge());
    }
  }

  private synchronized void hedge() {
    hedgeTimer = -1;
    long remaining = remainingMs();
    if (result.future().isComplete() || hedged || outstanding == 0 || remaining <= 0) {
      return;
    }
    InstanceSelection.Selection selection = mesh.selection().select(lane, variant, tried, hashKey);
    if (selection.endpoint() == null || !lane.hedgeBudget.tryAcquire(policy.hedge().budgetPercent())) {
      return;
    }
    hedged = true;
    lane.hedgeSent();
    send(selection.endpoint(), remaining, false, true);
  }

  private void cancelHedge() {
    if (hedgeTimer >= 0) {
      mesh.vertx().cancelTimer(hedgeTimer);
      hedgeTimer = -1;
    }
  }

  private synchronized void answered(Endpoint endpoint, AsyncResult<T> outcome, boolean isRetry,
      boolean isHedge) {
    outstanding--;
    if (result.future().isComplete()) {
      // The other attempt of a hedged call answered first: this one is ignored.
      return;
    }
    if (outcome.succeeded()) {
      cancelHedge();
      lane.succeeded.increment();
      if (isHedge) {
        lane.hedgeWon();
      }
      result.tryComplete(outcome.result());
      return;
    }
    Throwable cause = outcome.cause();
    if (outstanding > 0 && !isAnswer(cause)) {
      // The other attempt may still answer; this failure only informs what the call fails with.
      if (isGone(cause)) {
        mesh.endpoints().forget(endpoint.instance());
      }
      if (!refusedBeforeSending(cause)) {
        lastFailure = InstanceBreaker.errorOf(cause);
      }
      return;
    }
    cancelHedge();
    failed(endpoint, cause, isRetry);
  }

  /** A reply of the service that is not a failure of it (NOT_FOUND, VALIDATION, ...): it ends the call. */
  private static boolean isAnswer(Throwable cause) {
    return !refusedBeforeSending(cause) && !isGone(cause) && !InstanceBreaker.countsAgainstInstance(cause);
  }

  private static boolean refusedBeforeSending(Throwable cause) {
    return cause instanceof OpenCircuitException || cause instanceof InstanceDeparted d && !d.sent();
  }

  private void failed(Endpoint endpoint, Throwable cause, boolean wasRetry) {
    if (refusedBeforeSending(cause)) {
      // Refused before sending: the circuit opened, or the instance left, after it was chosen.
      attempt(lastFailure, wasRetry);
      return;
    }
    ServiceError error = InstanceBreaker.errorOf(cause);
    lastFailure = error;
    if (isGone(cause)) {
      mesh.endpoints().forget(endpoint.instance());
      lane.rerouted.increment();
      attempt(error, wasRetry);
      return;
    }
    if (!InstanceBreaker.countsAgainstInstance(cause)) {
      fail(error);
      return;
    }
    if (!retryable || retriesDone + 1 >= policy.retry().maxAttempts()) {
      fail(error);
      return;
    }
    long delay = policy.retry().backoffMs(retriesDone + 1);
    if (remainingMs() - delay <= 0 || !lane.budget.tryAcquire(policy.retry().budgetPercent())) {
      fail(error);
      return;
    }
    retriesDone++;
    if (delay == 0) {
      attempt(error, true);
    } else {
      mesh.vertx().setTimer(delay, id -> attempt(error, true));
    }
  }

  private void fail(ServiceError error) {
    cancelHedge();
    if (error.code().isFailureOfService()) {
      lane.failedOfService.increment();
    } else {
      lane.answeredWithError.increment();
    }
    result.tryFail(error.toException());
  }

  private static boolean isGone(Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }
}
