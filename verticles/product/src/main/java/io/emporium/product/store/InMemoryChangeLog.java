package io.emporium.product.store;

import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.InMemoryEffects;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Change;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The audit log and the outbox of the in-memory store. The other memory stores call {@link #record}
 * last, under their own lock, so a change and its records are one unit; this class takes its own lock
 * after theirs (never the other way round), and readers see a change's records whole.
 */
final class InMemoryChangeLog implements ChangeLog {
  private final InMemoryEffects<AuditAction> effects = new InMemoryEffects<>();

  /** Computes the effects of the changes, then writes them (nothing can fail half-way). */
  synchronized void record(List<Change> changes, Recorder recorder, Instant at) {
    effects.write(recorder.applyAll(changes), at);
  }

  @Override
  public synchronized Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    return Future.succeededFuture(effects.log().page(query));
  }

  @Override
  public synchronized Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    return Future.succeededFuture(effects.log().purge(writtenBefore, limit));
  }

  @Override
  public OutboxStore outbox() {
    return effects.outbox();
  }
}
