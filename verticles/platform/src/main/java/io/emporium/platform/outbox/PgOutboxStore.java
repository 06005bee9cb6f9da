package io.emporium.platform.outbox;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.persistence.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A service's outbox table in PostgreSQL. The service creates the table in its own schema with its
 * own migration (columns: see {@code V2__identity.sql} of the user service) and names it here.
 *
 * <p>Claims take rows with {@code FOR UPDATE SKIP LOCKED} and lease them in the same statement, so
 * concurrent relays neither wait for each other nor take the same row; the lease (not a held lock or
 * an open transaction) covers the delivery, which may take as long as a bus timeout.
 */
public final class PgOutboxStore implements OutboxStore {
  private static final Pattern QUALIFIED_NAME = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
  private static final int MAX_ERROR = 500;
  private static final String COLUMNS = "id, type, payload, occurred_at, status, attempts, next_attempt_at, lease_owner,"
      + " last_error";

  private final Vertx vertx;
  private final Pool pool;
  private final String table;
  private final long timeoutMs;

  /** @param qualifiedTable e.g. {@code account.outbox}; from code, never from input */
  public PgOutboxStore(Vertx vertx, Pool pool, String qualifiedTable, long timeoutMs) {
    if (!QUALIFIED_NAME.matcher(qualifiedTable).matches()) {
      throw new IllegalArgumentException("not a schema-qualified table name: " + qualifiedTable);
    }
    this.vertx = vertx;
    this.pool = pool;
    this.table = qualifiedTable;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Writes events with the given client: pass the connection of the transaction that makes the
   * change, so the events exist exactly when the change does.
   */
  public Future<Void> append(SqlClient transaction, List<OutboxEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = events.stream()
        .map(e -> Tuple.of(e.id(), e.type(), e.payload(), e.occurredAt().atOffset(ZoneOffset.UTC)))
        .toList();
    return transaction.preparedQuery("INSERT INTO " + table + " (id, type, payload, occurred_at) VALUES ($1, $2, $3, $4)")
        .executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<List<ClaimedEvent>> claim(String owner, int limit, long leaseMs) {
    String sql = "UPDATE " + table + " SET attempts = attempts + 1, lease_owner = $1,"
        + " lease_until = now() + $3::bigint * interval '1 millisecond'"
        + " WHERE id IN (SELECT id FROM " + table + " WHERE status = 'PENDING' AND next_attempt_at <= now()"
        + " AND (lease_until IS NULL OR lease_until <= now())"
        + " ORDER BY next_attempt_at, occurred_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
        + " RETURNING id, type, payload, occurred_at, attempts";
    return run("outbox.claim", pool.preparedQuery(sql).execute(Tuple.of(owner, limit, leaseMs))).map(rows -> {
      List<ClaimedEvent> claimed = new ArrayList<>();
      for (Row row : rows) {
        claimed.add(new ClaimedEvent(event(row), row.getInteger("attempts"), owner));
      }
      claimed.sort(Comparator.comparing(c -> c.event().occurredAt()));
      return claimed;
    });
  }

  @Override
  public Future<Boolean> markDelivered(ClaimedEvent claimed) {
    String sql = "UPDATE " + table + " SET status = 'DELIVERED', delivered_at = now(), lease_owner = NULL,"
        + " lease_until = NULL, last_error = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'PENDING'";
    return run("outbox.markDelivered", pool.preparedQuery(sql).execute(Tuple.of(claimed.event().id(), claimed.owner())))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Optional<OutboxStatus>> markFailed(ClaimedEvent claimed, String error, int maxAttempts,
      long retryDelayMs) {
    String sql = "UPDATE " + table + " SET status = CASE WHEN attempts >= $3 THEN 'DEAD' ELSE 'PENDING' END,"
        + " next_attempt_at = now() + $4::bigint * interval '1 millisecond', lease_owner = NULL, lease_until = NULL,"
        + " last_error = $5 WHERE id = $1 AND lease_owner = $2 AND status = 'PENDING' RETURNING status";
    Tuple params = Tuple.of(claimed.event().id(), claimed.owner(), maxAttempts, retryDelayMs, clip(error));
    return run("outbox.markFailed", pool.preparedQuery(sql).execute(params)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(OutboxStatus.valueOf(rows.iterator().next().getString("status"))));
  }

  @Override
  public Future<Integer> release(String owner) {
    String sql = "UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL"
        + " WHERE lease_owner = $1 AND status = 'PENDING'";
    return run("outbox.release", pool.preparedQuery(sql).execute(Tuple.of(owner))).map(RowSet::rowCount);
  }

  /**
   * One bounded statement: a short transaction that locks at most {@code limit} rows, found through the
   * partial index on {@code delivered_at} of delivered rows (each service's migration creates it).
   */
  @Override
  public Future<Integer> purgeDelivered(Instant deliveredBefore, int limit) {
    String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
        + " WHERE status = 'DELIVERED' AND delivered_at < $1 ORDER BY delivered_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("outbox.purgeDelivered", pool.preparedQuery(sql)
        .execute(Tuple.of(deliveredBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<Optional<OutboxRecord>> find(UUID id) {
    return run("outbox.find", pool.preparedQuery("SELECT " + COLUMNS + " FROM " + table + " WHERE id = $1")
        .execute(Tuple.of(id)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRecord(rows.iterator().next())));
  }

  @Override
  public Future<OutboxStats> stats() {
    String sql = "SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,"
        + " count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,"
        + " count(*) FILTER (WHERE status = 'DEAD') AS dead,"
        + " count(*) FILTER (WHERE attempts > 1) AS retried,"
        + " COALESCE(floor(extract(epoch FROM now() - min(occurred_at) FILTER (WHERE status = 'PENDING'))), 0)::bigint"
        + " AS oldest FROM " + table;
    return run("outbox.stats", pool.query(sql).execute()).map(rows -> {
      Row row = rows.iterator().next();
      return new OutboxStats(row.getLong("pending"), row.getLong("delivered"), row.getLong("dead"),
          row.getLong("retried"), Math.max(0, row.getLong("oldest")));
    });
  }

  static String clip(String error) {
    if (error == null) {
      return null;
    }
    return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
  }

  private static OutboxEvent event(Row row) {
    Object payload = row.getValue("payload");
    return new OutboxEvent(row.getUUID("id"), row.getString("type"),
        payload instanceof JsonObject json ? json : new JsonObject(String.valueOf(payload)),
        row.getOffsetDateTime("occurred_at").toInstant());
  }

  private static OutboxRecord toRecord(Row row) {
    return new OutboxRecord(event(row), OutboxStatus.valueOf(row.getString("status")), row.getInteger("attempts"),
        row.getOffsetDateTime("next_attempt_at").toInstant(), Optional.ofNullable(row.getString("lease_owner")),
        Optional.ofNullable(row.getString("last_error")));
  }

  private Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "id"));
  }
}
