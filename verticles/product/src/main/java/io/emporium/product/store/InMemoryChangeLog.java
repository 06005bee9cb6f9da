package io.emporium.product.store;

import io.emporium.platform.service.Page;
import io.emporium.platform.outbox.InMemoryOutboxStore;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.product.audit.AuditRecord;
import io.emporium.product.audit.AuditQuery;
import io.emporium.product.domain.Change;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The audit log and the outbox of the in-memory store. The other memory stores call {@link #record}
 * last, under their own lock, so a change and its records are one unit; this class takes its own lock
 * after theirs (never the other way round), and readers see a change's records whole.
 */
final class InMemoryChangeLog implements ChangeLog {
  private final List<AuditRecord> auditLog = new ArrayList<>();
  /** Ids are never reused, as PostgreSQL's sequence never reuses them: not the list's size, which a purge lowers. */
  private long lastAuditId;
  private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();

  synchronized void record(List<Change> changes, Recorder recorder, Instant at) {
    List<OutboxEvent> events = new ArrayList<>();
    for (Change change : changes) {
      events.addAll(recorder.events(change));
      recorder.audit(change).ifPresent(entry -> auditLog.add(new AuditRecord(++lastAuditId, at, entry)));
    }
    outbox.append(events);
  }

  @Override
  public synchronized Future<Page<AuditRecord>> audit(AuditQuery query) {
    List<AuditRecord> matching = new ArrayList<>();
    for (int i = auditLog.size() - 1; i >= 0; i--) {
      if (query.accepts(auditLog.get(i))) {
        matching.add(auditLog.get(i));
      }
    }
    List<AuditRecord> page = matching.stream().skip(query.offset()).limit(query.size()).toList();
    return Future.succeededFuture(new Page<>(page, query.page(), query.size(), matching.size()));
  }

  @Override
  public synchronized Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    // Entries carry the time their change was made at, which need not be the order they were appended in.
    List<AuditRecord> due = auditLog.stream().filter(r -> r.at().isBefore(writtenBefore))
        .sorted(Comparator.comparing(AuditRecord::at)).limit(limit).toList();
    auditLog.removeAll(due);
    return Future.succeededFuture(due.size());
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }
}
