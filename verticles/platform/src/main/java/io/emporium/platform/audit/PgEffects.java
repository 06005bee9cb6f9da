package io.emporium.platform.audit;

import io.emporium.platform.outbox.PgOutboxStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the effects of a change on the change's own connection, inside its transaction: the audit
 * rows (in the service's table, through its {@link AuditRows}), then the outbox events. The change,
 * its audit and its events commit or roll back together.
 */
public final class PgEffects<A extends AuditedAction> {
  private final PgOutboxStore outbox;

  public PgEffects(PgOutboxStore outbox) {
    this.outbox = outbox;
  }

  /**
   * How a service inserts audit entries into its own table: its columns are its own, and so is the
   * time of a row (the change's, or the column's default).
   */
  @FunctionalInterface
  public interface AuditRows<A extends AuditedAction> {
    /** Inserts the entries (never none) on the transaction's connection. */
    Future<Void> insert(SqlConnection tx, List<AuditEntry<A>> entries);
  }

  public Future<Void> write(SqlConnection tx, Effects<A> effects, AuditRows<A> rows) {
    Future<Void> audited = effects.audit().isEmpty() ? Future.succeededFuture() : rows.insert(tx, effects.audit());
    return audited.compose(v -> outbox.append(tx, effects.events()));
  }

  /** Writes the effects of {@code outcome} on the change's connection; answers the outcome. */
  public <T> Future<T> finish(SqlConnection tx, T outcome, Function<T, Effects<A>> effects, AuditRows<A> rows) {
    return write(tx, effects.apply(outcome), rows).map(outcome);
  }

  public PgOutboxStore outbox() {
    return outbox;
  }
}
