package io.emporium.product.store;

import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.product.audit.AuditAction;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * What changes leave behind: the audit log and the outbox of events. The other stores write both in
 * the unit of their change; this is the reading and retention side.
 */
public interface ChangeLog {

  Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query);

  /**
   * Deletes up to {@code limit} audit entries written before {@code writtenBefore}, the oldest first;
   * answers how many (the log names admins and their client addresses: kept for its retention only).
   */
  Future<Integer> purgeAuditLog(Instant writtenBefore, int limit);

  /** The outbox the stores write events to, for the relay. */
  OutboxStore outbox();
}
