package io.emporium.user.store;

import io.emporium.platform.outbox.InMemoryOutboxStore;
import io.emporium.platform.outbox.OutboxStore;
import io.vertx.core.Future;

/**
 * The zero-setup store: one per JVM, shared by every user instance in it (they run on different
 * event loops). One store per aggregate, all on one {@link InMemoryUserTables} and its one lock: every
 * change first computes everything it will write, its effects included, and only then writes, so a
 * change, its audit entries and its events exist together or not at all. Not durable.
 */
public final class InMemoryUserRepository extends ComposedUserRepository {
  private final InMemoryUserTables tables;

  public InMemoryUserRepository() {
    this(new InMemoryUserTables());
  }

  private InMemoryUserRepository(InMemoryUserTables tables) {
    super(new InMemoryAccountStore(tables), new InMemorySessionStore(tables), new InMemoryLoginThrottleStore(tables),
        new InMemoryAuditLogStore(tables), new InMemoryUserStatsStore(tables));
    this.tables = tables;
  }

  @Override
  public OutboxStore outbox() {
    return tables.effects.outbox();
  }

  /** The outbox as the service writes it (for tests that look inside). */
  public InMemoryOutboxStore memoryOutbox() {
    return tables.effects.outbox();
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }
}
