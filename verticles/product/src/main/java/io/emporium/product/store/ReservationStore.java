package io.emporium.product.store;

import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationRules;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Where reservations are kept, with the stock they hold. Which state may move to which, and what is
 * answered otherwise, is {@link ReservationRules}'; a store carries the steps out, each with the stock
 * it moves, its events and its audit entry in one unit (a transaction in PostgreSQL).
 */
public interface ReservationStore {

  /**
   * Holds the items' stock, all or none, under the caller's reservation id. The same id again with the
   * same items answers the stored reservation and changes nothing; with other items it is CONFLICT.
   * NOT_FOUND (field items[i].productId) for an unknown product, CONFLICT (items[i].quantity) when a
   * product has too little stock.
   */
  Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder);

  /** HELD and not expired -> CONFIRMED; CONFIRMED again answers it; otherwise CONFLICT. */
  Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder);

  /**
   * HELD -> RELEASED and its stock back; RELEASED or EXPIRED answer as they are; CONFIRMED or RETURNED is
   * CONFLICT.
   */
  Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder);

  /**
   * CONFIRMED -> RETURNED and its sold units back in stock (to the products that still exist); RETURNED
   * answers as it is (returning twice returns once); HELD, RELEASED or EXPIRED is CONFLICT (field
   * {@code status}); NOT_FOUND when there is no such reservation (or retention deleted it).
   */
  Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder);

  /** Expires up to {@code limit} held reservations whose time has passed, giving their stock back; answers how many. */
  Future<Integer> expireReservations(Instant now, int limit, Recorder recorder);

  Future<Optional<Reservation>> findReservation(UUID reservationId);

  /**
   * Deletes up to {@code limit} finished reservations (confirmed, released or expired) that finished
   * before {@code finishedBefore}, the oldest first; answers how many. A held one is never deleted.
   */
  Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit);
}
