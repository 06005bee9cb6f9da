package io.emporium.user.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A page of audit entries, newest first; {@code from} inclusive, {@code to} exclusive. */
public record AuditQuery(int page, int size, Optional<UUID> actor, Optional<AuditAction> action,
    Optional<UUID> target, Optional<Instant> from, Optional<Instant> to) {

  long offset() {
    return (long) (page - 1) * size;
  }
}
