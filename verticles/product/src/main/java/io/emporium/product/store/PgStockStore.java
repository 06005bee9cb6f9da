package io.emporium.product.store;

import io.emporium.product.domain.Change;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationRules;
import io.emporium.product.domain.ReservationStep;
import io.emporium.product.domain.StockMove;
import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Stock and reservations in PostgreSQL ({@code product.reservations}; the stock itself through
 * {@link PgStockMoves}). Each step runs in one transaction with the reservation row locked, the stock
 * it moves, and its outbox events and audit entry; what a step may do is {@link ReservationRules}'.
 */
final class PgStockStore implements StockStore {
  private final PgStore db;
  private final PgChangeLog changes;

  PgStockStore(PgStore db, PgChangeLog changes) {
    this.db = db;
    this.changes = changes;
  }

  @Override
  public Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder) {
    Instant at = Timestamps.micros(now);
    return db.transaction("product.adjustStock", tx -> PgStockMoves.adjust(tx, id, delta, at).compose(after -> {
      if (after.isEmpty()) {
        return PgStockMoves.whyNoStockChange(tx, id, delta);
      }
      return changes.record(tx, List.of(Change.stockAdjusted(after.get(), delta)), recorder, at).map(after.get());
    }));
  }

  @Override
  public Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder) {
    Instant at = Timestamps.micros(now);
    Reservation held = ReservationRules.held(request, Timestamps.micros(request.expiresAt()), at);
    String insert = "INSERT INTO product.reservations (" + PgRows.RESERVATION_COLUMNS + ") VALUES ($1, 'HELD', $2, $3,"
        + " $4, $4) ON CONFLICT (id) DO NOTHING RETURNING id";
    return db.transaction("product.reserve", tx -> tx.preparedQuery(insert)
        .execute(Tuple.of(held.id(), Reservation.itemsJson(held.items()), PgRows.utc(held.expiresAt()), PgRows.utc(at)))
        .compose(rows -> {
          if (rows.size() == 0) {
            // Asked before (or at the same time: the insert waited for that transaction to end).
            return findReservation(tx, request.id())
                .compose(existing -> ReservationRules.askedAgain(existing.orElseThrow(), request).answer());
          }
          return PgStockMoves.take(tx, request.items(), at)
              .compose(taken -> changes.record(tx, List.of(ReservationRules.reserved(held, taken)), recorder, at))
              .map(held);
        }));
  }

  @Override
  public Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder) {
    return step("product.confirm", reservationId, now, recorder, ReservationRules::confirm);
  }

  @Override
  public Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder) {
    return step("product.release", reservationId, now, recorder, ReservationRules::release);
  }

  @Override
  public Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder) {
    return step("product.returnSold", reservationId, now, recorder, ReservationRules::returnSold);
  }

  /** Locks the reservation, asks the rule, and carries out its step in the same transaction. */
  private Future<Reservation> step(String operation, UUID reservationId, Instant now, Recorder recorder,
      BiFunction<Reservation, Instant, ReservationStep> rule) {
    Instant at = Timestamps.micros(now);
    return db.transaction(operation, tx -> lockReservation(tx, reservationId).compose(current -> {
      ReservationStep step = rule.apply(current, at);
      if (!(step instanceof ReservationStep.Moved moved)) {
        return step.answer();
      }
      return carryOut(tx, moved, at).compose(change -> changes.record(tx, List.of(change), recorder, at))
          .compose(v -> moved.answer());
    }));
  }

  /** Writes the new state and gives the stock back when the step says so; answers the change to record. */
  private static Future<Change> carryOut(SqlConnection tx, ReservationStep.Moved moved, Instant at) {
    return setStatus(tx, moved.after())
        .compose(v -> moved.givesStockBack() ? PgStockMoves.giveBack(tx, moved.before().items(), at)
            : Future.succeededFuture(List.<StockMove>of()))
        .map(moved::change);
  }

  @Override
  public Future<Integer> expireReservations(Instant now, int limit, Recorder recorder) {
    Instant at = Timestamps.micros(now);
    // The rows ReservationRules.due accepts. SKIP LOCKED: sweepers of several JVMs share the work.
    String due = "SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE status = 'HELD'"
        + " AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED";
    return db.transaction("product.expireReservations", tx -> tx.preparedQuery(due)
        .execute(Tuple.of(PgRows.utc(at), limit)).compose(rows -> {
          List<Reservation> expiring = new ArrayList<>();
          rows.forEach(r -> expiring.add(PgRows.reservation(r)));
          Future<List<Change>> made = Future.succeededFuture(new ArrayList<>());
          for (Reservation r : expiring) {
            if (ReservationRules.expire(r, at) instanceof ReservationStep.Moved moved) {
              made = made.compose(list -> carryOut(tx, moved, at).map(change -> {
                list.add(change);
                return list;
              }));
            }
          }
          return made.compose(list -> changes.record(tx, list, recorder, at)).map(v -> expiring.size());
        }));
  }

  @Override
  public Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit) {
    String sql = "DELETE FROM product.reservations WHERE id IN (SELECT id FROM product.reservations"
        + " WHERE status <> 'HELD' AND updated_at < $1 ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return db.run("product.purgeFinishedReservations", db.pool().preparedQuery(sql)
        .execute(Tuple.of(PgRows.utc(finishedBefore), limit))).map(RowSet::rowCount);
  }

  @Override
  public Future<Optional<Reservation>> findReservation(UUID reservationId) {
    return db.run("product.findReservation", db.pool().preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS
        + " FROM product.reservations WHERE id = $1").execute(Tuple.of(reservationId)))
        .map(rows -> PgStore.first(rows).map(PgRows::reservation));
  }

  private static Future<Optional<Reservation>> findReservation(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE id = $1")
        .execute(Tuple.of(id)).map(rows -> PgStore.first(rows).map(PgRows::reservation));
  }

  private static Future<Reservation> lockReservation(SqlConnection tx, UUID id) {
    return tx.preparedQuery("SELECT " + PgRows.RESERVATION_COLUMNS + " FROM product.reservations WHERE id = $1"
        + " FOR UPDATE").execute(Tuple.of(id)).compose(rows -> PgStore.first(rows).map(PgRows::reservation)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ReservationRules.notFound(id).toException())));
  }

  private static Future<Void> setStatus(SqlConnection tx, Reservation r) {
    return tx.preparedQuery("UPDATE product.reservations SET status = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(r.id(), r.status().name(), PgRows.utc(r.updatedAt()))).mapEmpty();
  }
}
