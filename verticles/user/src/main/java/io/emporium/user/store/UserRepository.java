package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.OutboxStore;
import io.vertx.core.Future;

/**
 * Everything the user service stores, one store per aggregate: the accounts ({@link AccountStore}), the
 * sessions and their refresh tokens ({@link SessionStore}), the failed-login throttle
 * ({@link LoginThrottleStore}), the audit log ({@link AuditLogStore}), the statistics read over them
 * ({@link UserStatsStore}), and the outbox. Two implementations (PostgreSQL and in-memory) pass one
 * contract suite.
 *
 * <p>Every mutating method takes a function from its result to the {@link Effects} (audit entries and
 * outbox events) it writes in the same transaction: on PostgreSQL one {@code withTransaction}, in
 * memory one synchronized unit in which nothing can fail after the first write. A change that fails
 * leaves no audit row and no event; an audit row or event never exists without its change.
 *
 * <p>Failures besides those of each store: a store outage is UNAVAILABLE; a slow store TIMEOUT.
 */
public interface UserRepository extends AccountStore, SessionStore, LoginThrottleStore, AuditLogStore,
    UserStatsStore {

  /** The outbox this repository writes its events to, for the relay and queue stats. */
  OutboxStore outbox();

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();
}
