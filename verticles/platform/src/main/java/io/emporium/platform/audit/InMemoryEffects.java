package io.emporium.platform.audit;

import io.emporium.platform.outbox.InMemoryOutboxStore;
import java.time.Instant;

/**
 * Where a service's in-memory store writes the effects of its changes: its audit log and its outbox.
 * A change computes everything it will write, its {@link Effects} included, before its first write,
 * under the lock that also guards {@link #log()}, and writes these last.
 */
public final class InMemoryEffects<A extends AuditedAction> {
  private final InMemoryAuditLog<A> log = new InMemoryAuditLog<>();
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();

  /** Writes the entries (stamped {@code at}) and the events; the caller holds the log's lock. */
  public void write(Effects<A> effects, Instant at) {
    log.append(effects.audit(), at);
    outbox.append(effects.events());
  }

  public InMemoryAuditLog<A> log() {
    return log;
  }

  public InMemoryOutboxStore outbox() {
    return outbox;
  }
}
