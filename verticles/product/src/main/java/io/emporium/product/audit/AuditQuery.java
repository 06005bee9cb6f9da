package io.emporium.product.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A page of audit entries, newest first; {@code from} inclusive, {@code to} exclusive. {@code entity}
 * narrows to products, reservations or categories.
 */
public record AuditQuery(int page, int size, Optional<UUID> actor, Optional<AuditAction> action,
    Optional<String> target, Optional<String> entity, Optional<Instant> from, Optional<Instant> to) {

  public long offset() {
    return (long) (page - 1) * size;
  }

  public boolean accepts(AuditRecord record) {
    AuditEntry e = record.entry();
    return actor.map(a -> e.actorId().filter(a::equals).isPresent()).orElse(true)
        && action.map(a -> a == e.action()).orElse(true)
        && target.map(t -> t.equals(e.targetId())).orElse(true)
        && entity.map(en -> en.equals(e.action().entity())).orElse(true)
        && from.map(f -> !record.at().isBefore(f)).orElse(true)
        && to.map(t -> record.at().isBefore(t)).orElse(true);
  }
}
