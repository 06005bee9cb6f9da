package io.emporium.user.store;

import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditEntry;
import io.emporium.user.audit.AuditQuery;
import io.emporium.user.audit.AuditRecord;
import io.emporium.user.domain.Erasure;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The audit log in memory; changes write their entries through {@link InMemoryUserTables#write}. */
final class InMemoryAuditLogStore implements AuditLogStore {
  private final InMemoryUserTables tables;

  InMemoryAuditLogStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<Void> appendAudit(AuditEntry entry) {
    synchronized (tables) {
      tables.write(Effects.audit(entry));
      return Future.succeededFuture();
    }
  }

  @Override
  public Future<Page<AuditRecord>> audit(AuditQuery query) {
    synchronized (tables) {
      List<AuditRecord> matching = tables.auditLog.stream()
          .filter(r -> query.actor().map(a -> r.entry().actorId().equals(Optional.of(a))).orElse(true))
          .filter(r -> query.action().map(a -> r.entry().action() == a).orElse(true))
          .filter(r -> query.target().map(t -> r.entry().targetId().equals(Optional.of(t))).orElse(true))
          .filter(r -> query.from().map(f -> !r.at().isBefore(f)).orElse(true))
          .filter(r -> query.to().map(t -> r.at().isBefore(t)).orElse(true))
          .sorted(Comparator.comparingLong(AuditRecord::id).reversed())
          .toList();
      return Future.succeededFuture(new Page<>(InMemoryUserTables.slice(matching, query.page(), query.size()),
          query.page(), query.size(), matching.size()));
    }
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    synchronized (tables) {
      // Entries carry the time their change was made at, which need not be the order they were appended in.
      List<AuditRecord> due = tables.auditLog.stream().filter(r -> r.at().isBefore(writtenBefore))
          .sorted(Comparator.comparing(AuditRecord::at)).limit(limit).toList();
      tables.auditLog.removeAll(due);
      return Future.succeededFuture(due.size());
    }
  }

  /**
   * The positions of the entries that name the person: as actor or target, or a failed login that named
   * the email (in any case). The caller holds the lock.
   */
  static List<Integer> namingThePerson(InMemoryUserTables tables, UUID id, String emailKey) {
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < tables.auditLog.size(); i++) {
      if (namesThePerson(tables.auditLog.get(i).entry(), id, emailKey)) {
        entries.add(i);
      }
    }
    return entries;
  }

  /** Removes the client address, user agent, emails and name from those entries; the caller holds the lock. */
  static void scrub(InMemoryUserTables tables, List<Integer> positions) {
    for (int i : positions) {
      AuditRecord record = tables.auditLog.get(i);
      AuditEntry e = record.entry();
      tables.auditLog.set(i, new AuditRecord(record.id(), record.at(), new AuditEntry(e.actorId(), e.action(),
          e.targetId(), Optional.empty(), Optional.empty(), e.requestId(), e.outcome(),
          Erasure.withoutPersonalDetails(e.details()))));
    }
  }

  private static boolean namesThePerson(AuditEntry entry, UUID id, String emailKey) {
    return entry.actorId().filter(id::equals).isPresent() || entry.targetId().filter(id::equals).isPresent()
        || emailKey.equals(lowerOrNull(entry.details().getValue("email")))
        || emailKey.equals(lowerOrNull(entry.details().getValue("previousEmail")));
  }

  private static String lowerOrNull(Object value) {
    return value instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
  }
}
