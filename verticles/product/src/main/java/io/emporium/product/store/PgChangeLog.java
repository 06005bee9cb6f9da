package io.emporium.product.store;

import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.PgEffects;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.outbox.PgOutboxStore;
import io.emporium.platform.service.Page;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Change;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The audit log ({@code product.audit_log}) and the outbox ({@code product.outbox}) in PostgreSQL. The
 * other stores call {@link #record} with their transaction's connection, so a change, its events and
 * its audit entries commit together or not at all.
 */
final class PgChangeLog implements ChangeLog {
  private final PgStore db;
  private final PgEffects<AuditAction> effects;

  PgChangeLog(PgStore db) {
    this.db = db;
    this.effects = new PgEffects<>(new PgOutboxStore(db.vertx(), db.pool(), "product.outbox", db.timeoutMs()));
  }

  /** Writes the events and audit entries of the changes with the transaction's connection. */
  Future<Void> record(SqlConnection tx, List<Change> changes, Recorder recorder, Instant at) {
    return effects.write(tx, recorder.applyAll(changes), auditRowsAt(at));
  }

  /** The audit rows of a change carry its time, the one its caller gave the store. */
  private static PgEffects.AuditRows<AuditAction> auditRowsAt(Instant at) {
    return (tx, entries) -> tx.preparedQuery("INSERT INTO product.audit_log (at, actor_id, action, target_id,"
            + " client_ip, user_agent, request_id, before, after, details)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .executeBatch(entries.stream().map(entry -> PgRows.auditTuple(entry, at)).toList()).mapEmpty();
  }

  @Override
  public Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    Function<Object, String> bind = value -> {
      params.addValue(value);
      return "$" + params.size();
    };
    query.actor().ifPresent(a -> conditions.add("actor_id = " + bind.apply(a) + "::uuid"));
    query.action().ifPresent(a -> conditions.add("action = " + bind.apply(a.name())));
    query.target().ifPresent(t -> conditions.add("target_id = " + bind.apply(t)));
    query.entity().ifPresent(e -> conditions.add("action = ANY("
        + bind.apply(AuditAction.on(e).stream().map(Enum::name).toArray(String[]::new)) + "::text[])"));
    query.from().ifPresent(f -> conditions.add("at >= " + bind.apply(PgRows.utc(f)) + "::timestamptz"));
    query.to().ifPresent(t -> conditions.add("at < " + bind.apply(PgRows.utc(t)) + "::timestamptz"));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    Tuple countParams = Tuple.wrap(tupleValues(params));
    String pageSql = "SELECT " + PgRows.AUDIT_COLUMNS + " FROM product.audit_log" + where + " ORDER BY id DESC LIMIT "
        + bind.apply((long) query.size()) + " OFFSET " + bind.apply(query.offset());
    Future<RowSet<Row>> page = db.run("product.audit", db.pool().preparedQuery(pageSql).execute(params));
    Future<RowSet<Row>> count = db.run("product.auditCount", db.pool().preparedQuery("SELECT count(*) AS n FROM"
        + " product.audit_log" + where).execute(countParams));
    return Future.all(page, count).map(all -> {
      List<AuditRecord<AuditAction>> items = new ArrayList<>();
      page.result().forEach(r -> items.add(PgRows.audit(r)));
      return new Page<>(items, query.page(), query.size(), count.result().iterator().next().getLong("n"));
    });
  }

  private static List<Object> tupleValues(Tuple tuple) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < tuple.size(); i++) {
      values.add(tuple.getValue(i));
    }
    return values;
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    String sql = "DELETE FROM product.audit_log WHERE id IN (SELECT id FROM product.audit_log"
        + " WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return db.run("product.purgeAuditLog", db.pool().preparedQuery(sql)
        .execute(Tuple.of(PgRows.utc(writtenBefore), limit))).map(RowSet::rowCount);
  }

  @Override
  public OutboxStore outbox() {
    return effects.outbox();
  }
}
