package io.emporium.user.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.audit.InMemoryAuditLog;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Erasure;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The audit log in memory; changes write their entries through {@link InMemoryUserTables#write}. */
final class InMemoryAuditLogStore implements AuditLogStore {
  private final InMemoryUserTables tables;

  InMemoryAuditLogStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<Void> appendAudit(AuditEntry<AuditAction> entry) {
    synchronized (tables) {
      tables.write(Effects.audit(entry));
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    synchronized (tables) {
      return Future.succeededFuture(tables.effects.log().page(query));
    }
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    synchronized (tables) {
      return Future.succeededFuture(tables.effects.log().purge(writtenBefore, limit));
    }
  }

  /**
   * The positions of the entries that name the person: as actor or target, or a failed login that named
   * the email (in any case). The caller holds the lock.
   */
  static List<Integer> namingThePerson(InMemoryUserTables tables, UUID id, String emailKey) {
    List<AuditRecord<AuditAction>> log = tables.effects.log().records();
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (namesThePerson(log.get(i).entry(), id, emailKey)) {
        entries.add(i);
      }
    }
    return entries;
  }

  /** Removes the client address, user agent, emails and name from those entries; the caller holds the lock. */
  static void scrub(InMemoryUserTables tables, List<Integer> positions) {
    InMemoryAuditLog<AuditAction> log = tables.effects.log();
    for (int i : positions) {
      log.rewrite(i, e -> e.withoutClient(Erasure.withoutPersonalDetails(e.details())));
    }
  }

  private static boolean namesThePerson(AuditEntry<AuditAction> entry, UUID id, String emailKey) {
    return entry.actorId().filter(id::equals).isPresent() || entry.targetUuid().filter(id::equals).isPresent()
        || emailKey.equals(lowerOrNull(entry.details().getValue("email")))
        || emailKey.equals(lowerOrNull(entry.details().getValue("previousEmail")));
  }

  private static String lowerOrNull(Object value) {
    return value instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
  }
}
