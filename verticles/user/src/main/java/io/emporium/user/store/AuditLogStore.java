package io.emporium.user.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * The audit log. Entries of a change are written with it (its {@link Effects}); this interface adds
 * the entries that record no change, the reads and the retention.
 */
public interface AuditLogStore {

  /** Writes an audit entry that records no change (a refused attempt). */
  Future<Void> appendAudit(AuditEntry<AuditAction> entry);

  Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query);

  /**
   * Deletes up to {@code limit} audit entries written before {@code writtenBefore}, the oldest first;
   * answers how many. The audit log holds personal data (client addresses, user agents, the emails of
   * failed logins): it is kept for {@code retention.account-audit-hours}, not for ever.
   */
  Future<Integer> purgeAuditLog(Instant writtenBefore, int limit);
}
