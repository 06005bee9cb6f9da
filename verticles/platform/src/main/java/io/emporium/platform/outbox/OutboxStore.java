package io.emporium.platform.outbox;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The relay's side of a service's outbox (the service writes events inside its own transactions;
 * see {@link PgOutboxStore#append} and {@link InMemoryOutboxStore#append}). Two implementations pass
 * one contract suite.
 *
 * <p>Claiming leases events: a claimed event is invisible to other claims until its lease runs out,
 * so several relays (several JVMs) never deliver one event at the same time, and a relay that dies
 * mid-way leaves its events to be claimed again once their leases expire. Times are the store's own
 * clock (PostgreSQL's {@code now()} for the database store), so relays on several machines agree.
 */
public interface OutboxStore {

  /**
   * Leases up to {@code limit} pending events that are due (oldest first) to {@code owner} for
   * {@code leaseMs}, counting one more attempt on each.
   */
  Future<List<ClaimedEvent>> claim(String owner, int limit, long leaseMs);

  /** Marks the event delivered; false (and no change) when {@code owner} no longer holds its lease. */
  Future<Boolean> markDelivered(ClaimedEvent claimed);

  /**
   * Records a failed attempt: the event is due again after {@code retryDelayMs}, or becomes
   * {@link OutboxStatus#DEAD} when it has had {@code maxAttempts} attempts. Answers the new status;
   * empty (and no change) when {@code owner} no longer holds the lease.
   */
  Future<Optional<OutboxStatus>> markFailed(ClaimedEvent claimed, String error, int maxAttempts, long retryDelayMs);

  /** Gives up every lease {@code owner} holds (a relay stopping cleanly): those events are due at once. */
  Future<Integer> release(String owner);

  /**
   * Deletes up to {@code limit} events delivered before {@code deliveredBefore}, the longest delivered
   * first; answers how many. Pending and dead events are never deleted: dead ones wait for an operator.
   * Rows another caller is deleting at the same time are skipped, not waited for, so relays of several
   * JVMs can purge one outbox at once.
   */
  Future<Integer> purgeDelivered(Instant deliveredBefore, int limit);

  Future<Optional<OutboxRecord>> find(UUID id);

  Future<OutboxStats> stats();
}
