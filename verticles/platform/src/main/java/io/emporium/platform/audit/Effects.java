package io.emporium.platform.audit;

import io.emporium.platform.outbox.OutboxEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change writes besides itself, in the same unit: its audit entries and its outbox events. A
 * store's mutating method takes a function from what the change produced (a new id, the state before,
 * the stock it moved) to these, and calls it inside the change's transaction (PostgreSQL, written with
 * {@link PgEffects}) or under its lock before its first write (memory, {@link InMemoryEffects}), so the
 * change, its audit and its events exist together or not at all.
 */
public record Effects<A extends AuditedAction>(List<AuditEntry<A>> audit, List<OutboxEvent> events) {

  public Effects {
    audit = List.copyOf(audit);
    events = List.copyOf(events);
  }

  public static <A extends AuditedAction> Effects<A> none() {
    return new Effects<>(List.of(), List.of());
  }

  public static <A extends AuditedAction> Effects<A> audit(AuditEntry<A> entry) {
    return new Effects<>(List.of(entry), List.of());
  }

  public static <A extends AuditedAction> Effects<A> of(AuditEntry<A> entry, OutboxEvent... events) {
    return new Effects<>(List.of(entry), List.of(events));
  }

  /** The effects of several changes made in one unit, in their order. */
  public static <A extends AuditedAction> Effects<A> all(List<Effects<A>> each) {
    List<AuditEntry<A>> audit = new ArrayList<>();
    List<OutboxEvent> events = new ArrayList<>();
    for (Effects<A> effects : each) {
      audit.addAll(effects.audit());
      events.addAll(effects.events());
    }
    return new Effects<>(audit, events);
  }
}
