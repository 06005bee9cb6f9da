package io.emporium.platform.outbox;

import io.emporium.contract.ServiceError;
import io.emporium.platform.async.Deadlines;
import io.emporium.platform.async.FailureStreak;
import io.emporium.platform.retention.RetentionSweep;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a service's outbox at least once: every {@code pollMs} it claims due events (a lease, so
 * relays in other JVMs skip them), delivers each, and records the outcome. A failed delivery is
 * retried with exponential backoff and jitter; after {@code maxAttempts} the event is dead. Nothing is
 * lost when a relay dies: its leases run out and another relay (or this one after a restart) claims
 * the events again, so an event may be delivered twice but never not at all.
 *
 * <p>It also keeps the outbox from growing without bound: every {@code retention.sweepIntervalMs()} it
 * deletes the events delivered more than {@code retention.keep()} ago, a batch of
 * {@link RetentionSweep#BATCH} at a time (see {@link RetentionSweep}). Pending and dead events stay.
 *
 * <p>Deploy one per service and JVM. Stopping waits for deliveries in flight (each bounded by its
 * timeout) and the purge batch in flight, then gives the leases back so a restarted relay does not wait
 * for them to expire.
 */
public final class OutboxRelay extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxStore store;
  private final OutboxDelivery delivery;
  private final RelaySettings settings;
  private final OutboxRetention retention;
  private final String owner = "relay-" + UUID.randomUUID();
  private RetentionSweep purge;
  private long timer = -1;
  private long sweepTimer = -1;
  private boolean stopped;
  private final FailureStreak claims = new FailureStreak(LOG, "outbox relay " + owner
      + " cannot claim events (will keep trying)", "outbox relay " + owner + " reaches its store again");
  private Future<Integer> inFlight = Future.succeededFuture(0);

  public OutboxRelay(OutboxStore store, OutboxDelivery delivery, RelaySettings settings, OutboxRetention retention) {
    this.store = store;
    this.delivery = delivery;
    this.settings = settings;
    this.retention = retention;
  }

  /** The lease owner this relay claims as. */
  public String owner() {
    return owner;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(settings.pollMs(), id -> poll());
    vertx.runOnContext(v -> poll());
    purge = new RetentionSweep(vertx, "outbox retention (" + retention.service() + ")", retention.timeoutMs())
        .step("delivered event(s)", (now, limit) -> store.purgeDelivered(now.minus(retention.keep()), limit)
            .onSuccess(deleted -> OutboxMeters.purged(vertx, retention.service(), deleted)));
    sweepTimer = vertx.setPeriodic(retention.firstSweepMs(), retention.sweepIntervalMs(), id -> purge.run());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(sweepTimer);
    return Deadlines.within(vertx, Future.join(inFlight, purge.stop()), settings.leaseMs(), "outbox relay drain")
        .transform(drained -> store.release(owner))
        .otherwise(e -> {
          LOG.warn("outbox relay {} could not give back its leases; they expire in {} ms: {}", owner,
              settings.leaseMs(), e.toString());
          return 0;
        });
  }

  /** One round: claim a batch, deliver it; a full batch means more may be due, so look again at once. */
  private void poll() {
    if (stopped || !inFlight.isComplete()) {
      return;
    }
    inFlight = store.claim(owner, settings.batchSize(), settings.leaseMs())
        .compose(batch -> Future.join(batch.stream().map(this::deliverOne).toList()).map(all -> batch.size()));
    inFlight.onComplete(round -> {
      if (round.failed()) {
        claims.failed(round.cause());
        return;
      }
      claims.succeeded();
      if (round.result() >= settings.batchSize() && !stopped) {
        vertx.runOnContext(v -> poll());
      }
    });
  }

  private Future<Void> deliverOne(ClaimedEvent claimed) {
    Future<Void> attempt;
    try {
      attempt = delivery.deliver(claimed.event());
    } catch (RuntimeException thrown) {
      attempt = Future.failedFuture(thrown);
    }
    return Deadlines.within(vertx, attempt, settings.deliveryTimeoutMs(), "delivery of " + claimed.event().type())
        .transform(outcome -> {
          if (outcome.succeeded()) {
            OutboxMeters.eventPublished(vertx, claimed.event().type());
            return delivered(claimed);
          }
          return failed(claimed, outcome.cause());
        })
        .recover(e -> {
          // The outcome could not be recorded: the lease runs out and the event is delivered again.
          LOG.warn("outbox relay {} could not record the outcome of event {}: {}", owner, claimed.event().id(),
              e.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Void> delivered(ClaimedEvent claimed) {
    return store.markDelivered(claimed).map(marked -> {
      if (marked) {
        OutboxMeters.eventDelivered(vertx, claimed.event().type());
      } else {
        LOG.info("event {} was delivered after its lease had been taken over: it may be delivered twice",
            claimed.event().id());
      }
      return null;
    });
  }

  private Future<Void> failed(ClaimedEvent claimed, Throwable cause) {
    String reason = describe(cause);
    long delay = settings.backoffMs(claimed.attempt(), ThreadLocalRandom.current().nextDouble());
    return store.markFailed(claimed, reason, settings.maxAttempts(), delay).map(status -> {
      logFailure(claimed, reason, delay, status);
      return null;
    });
  }

  private void logFailure(ClaimedEvent claimed, String reason, long delay, Optional<OutboxStatus> status) {
    if (status.isPresent() && status.get() == OutboxStatus.DEAD) {
      LOG.error("event {} ({}) is dead after {} attempts; last error: {}", claimed.event().id(),
          claimed.event().type(), claimed.attempt(), reason);
    } else {
      LOG.warn("delivery of event {} ({}) failed (attempt {}), retrying in {} ms: {}", claimed.event().id(),
          claimed.event().type(), claimed.attempt(), delay, reason);
    }
  }

  private static String describe(Throwable cause) {
    ServiceError error = ServiceError.from(cause);
    return error.code() + ": " + (error.code().name().equals("INTERNAL") ? String.valueOf(cause.getMessage())
        : error.message());
  }
}
