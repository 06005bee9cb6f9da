package io.emporium.user.store;

import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.user.audit.AuditEntry;
import java.util.List;

/**
 * What a change writes besides itself, in the same transaction: its audit entries and its outbox
 * events. Every mutating repository method takes a function from its result to these, so that the
 * audit and the events can name what the change produced (a new id, the roles before) and still commit
 * or roll back with it.
 */
public record Effects(List<AuditEntry> audit, List<OutboxEvent> events) {

  public Effects {
    audit = List.copyOf(audit);
    events = List.copyOf(events);
  }

  public static Effects none() {
    return new Effects(List.of(), List.of());
  }

  public static Effects audit(AuditEntry entry) {
    return new Effects(List.of(entry), List.of());
  }

  public static Effects of(AuditEntry entry, OutboxEvent... events) {
    return new Effects(List.of(entry), List.of(events));
  }
}
