package io.emporium.platform.audit;

import io.emporium.platform.service.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The audit log of a service's in-memory store. Not synchronized: the store guards it with the lock
 * its changes hold, so a change's entries appear with the change.
 */
public final class InMemoryAuditLog<A extends AuditedAction> {
  private final List<AuditRecord<A>> records = new ArrayList<>();
  /** Ids are never reused, as PostgreSQL's sequence never reuses them: not the list's size, which a purge lowers. */
  private long lastId;

  /** Appends the entries, stamped {@code at}, in their order. */
  public void append(List<AuditEntry<A>> entries, Instant at) {
    for (AuditEntry<A> entry : entries) {
      records.add(new AuditRecord<>(++lastId, at, entry));
    }
  }

  /** The entries the query accepts, newest first, one page of them. */
  public Page<AuditRecord<A>> page(AuditQuery<A> query) {
    List<AuditRecord<A>> matching = new ArrayList<>();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (query.accepts(records.get(i))) {
        matching.add(records.get(i));
      }
    }
    List<AuditRecord<A>> page = matching.stream().skip(query.offset()).limit(query.size()).toList();
    return new Page<>(page, query.page(), query.size(), matching.size());
  }

  /** Deletes up to {@code limit} entries written before {@code writtenBefore}, the oldest first; answers how many. */
  public int purge(Instant writtenBefore, int limit) {
    // Entries carry the time their change was made at, which need not be the order they were appended in.
    List<AuditRecord<A>> due = records.stream().filter(r -> r.at().isBefore(writtenBefore))
        .sorted(Comparator.comparing(AuditRecord::at)).limit(limit).toList();
    records.removeAll(due);
    return due.size();
  }

  /** The entries in order of writing, read-only. */
  public List<AuditRecord<A>> records() {
    return Collections.unmodifiableList(records);
  }

  /** Rewrites the entry at {@code position} (in order of writing); id and time stay. */
  public void rewrite(int position, UnaryOperator<AuditEntry<A>> change) {
    AuditRecord<A> record = records.get(position);
    records.set(position, new AuditRecord<>(record.id(), record.at(), change.apply(record.entry())));
  }
}
