package io.emporium.user.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit log in {@code account.audit_log}. Changes write their entries in their own transaction
 * ({@link #insert}, through {@link PgUserDatabase#write}); an erasure scrubs the entries that name the
 * person ({@link #scrub}).
 */
final class PgAuditLogStore implements AuditLogStore {
  private final PgUserDatabase db;

  PgAuditLogStore(PgUserDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Void> appendAudit(AuditEntry<AuditAction> entry) {
    return db.transaction("user.appendAudit", conn -> db.write(conn, Effects.audit(entry)));
  }

  @Override
  public Future<Page<AuditRecord<AuditAction>>> audit(AuditQuery<AuditAction> query) {
    String where = " WHERE ($1::uuid IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2)"
        + " AND ($3::uuid IS NULL OR target_id = $3) AND ($4::timestamptz IS NULL OR at >= $4)"
        + " AND ($5::timestamptz IS NULL OR at < $5)";
    Tuple filters = Tuple.of(query.actor().orElse(null), query.action().map(Enum::name).orElse(null),
        query.targetUuid().orElse(null), query.from().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null),
        query.to().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null));
    Tuple paged = Tuple.tuple();
    for (int i = 0; i < filters.size(); i++) {
      paged.addValue(filters.getValue(i));
    }
    paged.addInteger(query.size()).addLong(PgUserDatabase.offset(query.page(), query.size()));
    Future<RowSet<Row>> items = db.pool().preparedQuery("SELECT id, at, actor_id, action, target_id, client_ip,"
        + " user_agent, request_id, outcome, details FROM account.audit_log" + where
        + " ORDER BY id DESC LIMIT $6 OFFSET $7").execute(paged);
    Future<RowSet<Row>> count = db.pool().preparedQuery("SELECT count(*) AS total FROM account.audit_log" + where)
        .execute(filters);
    return db.run("user.audit", Future.all(items, count).map(all -> items.result())).map(rows -> {
      List<AuditRecord<AuditAction>> records = new ArrayList<>();
      rows.forEach(row -> records.add(toAudit(row)));
      return new Page<>(records, query.page(), query.size(), count.result().iterator().next().getLong("total"));
    });
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    String sql = "DELETE FROM account.audit_log WHERE id IN (SELECT id FROM account.audit_log"
        + " WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return db.run("user.purgeAuditLog", db.pool().preparedQuery(sql)
        .execute(Tuple.of(writtenBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  /** Writes the entries on the change's connection; the time of a row is its transaction's (column default). */
  static Future<Void> insert(SqlConnection conn, List<AuditEntry<AuditAction>> entries) {
    List<Tuple> rows = entries.stream().map(e -> Tuple.of(e.actorId().orElse(null), e.action().name(),
        e.targetUuid().orElse(null), e.clientIp().orElse(null), e.userAgent().orElse(null),
        e.requestId().orElse(null), e.outcome().name(), e.details())).toList();
    return conn.preparedQuery("INSERT INTO account.audit_log (actor_id, action, target_id, client_ip, user_agent,"
        + " request_id, outcome, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(rows).mapEmpty();
  }

  /**
   * Removes the client address, user agent, emails and name from the entries that name the person: as
   * actor or target, or a failed login that named the email (before the account existed, or in another
   * case). Answers how many.
   */
  static Future<Integer> scrub(SqlConnection conn, UUID userId, String emailKey) {
    String sql = "UPDATE account.audit_log SET client_ip = NULL, user_agent = NULL,"
        + " details = details - 'email' - 'previousEmail' - 'name'"
        + " WHERE actor_id = $1 OR target_id = $1 OR lower(details ->> 'email') = $2"
        + " OR lower(details ->> 'previousEmail') = $2";
    return conn.preparedQuery(sql).execute(Tuple.of(userId, emailKey)).map(RowSet::rowCount);
  }

  private static AuditRecord<AuditAction> toAudit(Row row) {
    AuditEntry<AuditAction> entry = new AuditEntry<>(Optional.ofNullable(row.getUUID("actor_id")),
        AuditAction.valueOf(row.getString("action")), Optional.ofNullable(row.getUUID("target_id")),
        Optional.ofNullable(row.getString("client_ip")), Optional.ofNullable(row.getString("user_agent")),
        Optional.ofNullable(row.getString("request_id")), AuditEntry.Outcome.valueOf(row.getString("outcome")),
        PgUserDatabase.json(row.getValue("details")));
    return new AuditRecord<>(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), entry);
  }
}
