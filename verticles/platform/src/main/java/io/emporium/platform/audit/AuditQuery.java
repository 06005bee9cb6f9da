package io.emporium.platform.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A page of audit entries, newest first; {@code from} inclusive, {@code to} exclusive. {@code entity}
 * narrows to the actions on one kind of entity (empty for a log of events, which has none).
 */
public record AuditQuery<A extends AuditedAction>(int page, int size, Optional<UUID> actor, Optional<A> action,
    Optional<String> target, Optional<String> entity, Optional<Instant> from, Optional<Instant> to) {

  /** A query of a log of events, whose targets are ids. */
  public AuditQuery(int page, int size, Optional<UUID> actor, Optional<A> action, Optional<UUID> target,
      Optional<Instant> from, Optional<Instant> to) {
    this(page, size, actor, action, target.map(UUID::toString), Optional.empty(), from, to);
  }

  public long offset() {
    return (long) (page - 1) * size;
  }

  public boolean accepts(AuditRecord<A> record) {
    AuditEntry<A> e = record.entry();
    return actor.map(a -> e.actorId().filter(a::equals).isPresent()).orElse(true)
        && action.map(a -> a == e.action()).orElse(true)
        && target.map(t -> e.targetId().filter(t::equals).isPresent()).orElse(true)
        && entity.map(en -> e.action().entity().filter(en::equals).isPresent()).orElse(true)
        && from.map(f -> !record.at().isBefore(f)).orElse(true)
        && to.map(t -> record.at().isBefore(t)).orElse(true);
  }

  /** The target as the stores of a log keyed by UUID compare it. */
  public Optional<UUID> targetUuid() {
    return target.map(UUID::fromString);
  }
}
