package io.emporium.product.domain;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.product.audit.AuditAction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What may happen to a reservation, decided here once for both stores: a store finds the reservation
 * (locked in PostgreSQL, under its lock in memory), asks the rule, and carries out the step it answers.
 *
 * <p>A reservation starts HELD. HELD moves once: to CONFIRMED (before it expires), to RELEASED (at any
 * time) or to EXPIRED (the sweeper, once its time has passed). CONFIRMED may move once more, to
 * RETURNED. Asking again for the state a reservation is in answers it unchanged (RELEASED and EXPIRED
 * both answer a release); every other move is CONFLICT.
 */
public final class ReservationRules {
  private ReservationRules() {}

  /** A new reservation holding the request's items (timestamps at the store's precision). */
  public static Reservation held(ReservationRequest request, Instant expiresAt, Instant at) {
    return new Reservation(request.id(), ReservationStatus.HELD, request.items(), expiresAt, at, at);
  }

  /** The change a new reservation records, with the stock it took. */
  public static Change reserved(Reservation held, List<StockMove> taken) {
    return Change.reservation(AuditAction.STOCK_RESERVE, Optional.empty(), held, taken);
  }

  /**
   * The same reservation id asked for again: the stored reservation when the items are the same (in
   * any order), whatever its state; CONFLICT on {@code reservationId} when they are not.
   */
  public static ReservationStep askedAgain(Reservation existing, ReservationRequest request) {
    if (!request.sameItemsAs(existing.items())) {
      return new ReservationStep.Refused(new ServiceError(ErrorCode.CONFLICT,
          "this reservation id was used for other items", "reservationId"));
    }
    return new ReservationStep.Unchanged(existing);
  }

  /** HELD and not expired -> CONFIRMED (no stock moves); CONFIRMED answers itself; otherwise CONFLICT. */
  public static ReservationStep confirm(Reservation current, Instant at) {
    switch (current.status()) {
      case CONFIRMED:
        return new ReservationStep.Unchanged(current);
      case HELD:
        if (!current.expiresAt().isAfter(at)) {
          return refused("the reservation has expired");
        }
        return new ReservationStep.Moved(current, current.withStatus(ReservationStatus.CONFIRMED, at),
            AuditAction.STOCK_CONFIRM, false);
      default:
        return refused("the reservation was " + current.status().wireName());
    }
  }

  /** HELD -> RELEASED, its stock back; RELEASED or EXPIRED answer themselves; CONFIRMED or RETURNED is CONFLICT. */
  public static ReservationStep release(Reservation current, Instant at) {
    switch (current.status()) {
      case RELEASED:
      case EXPIRED:
        return new ReservationStep.Unchanged(current);
      case CONFIRMED:
        return refused("the reservation was confirmed: its stock is sold");
      case RETURNED:
        return refused("the reservation was returned: its stock is back");
      default:
        return new ReservationStep.Moved(current, current.withStatus(ReservationStatus.RELEASED, at),
            AuditAction.STOCK_RELEASE, true);
    }
  }

  /**
   * CONFIRMED -> RETURNED, its sold units back; RETURNED answers itself (returning twice returns once);
   * HELD, RELEASED or EXPIRED is CONFLICT on {@code status}: only a confirmed reservation sold anything.
   */
  public static ReservationStep returnSold(Reservation current, Instant at) {
    switch (current.status()) {
      case RETURNED:
        return new ReservationStep.Unchanged(current);
      case CONFIRMED:
        return new ReservationStep.Moved(current, current.withStatus(ReservationStatus.RETURNED, at),
            AuditAction.STOCK_RETURN, true);
      default:
        return new ReservationStep.Refused(new ServiceError(ErrorCode.CONFLICT, "the reservation is "
            + current.status().wireName() + ", not confirmed: it has no sold units to return", "status"));
    }
  }

  /**
   * Whether the sweeper expires it: HELD, and its time has come ({@code expiresAt <= at}). PostgreSQL
   * selects the same rows with {@code status = 'HELD' AND expires_at <= $1}.
   */
  public static boolean due(Reservation reservation, Instant at) {
    return reservation.status() == ReservationStatus.HELD && !reservation.expiresAt().isAfter(at);
  }

  /** A due reservation -> EXPIRED, its stock back; any other answers itself. */
  public static ReservationStep expire(Reservation current, Instant at) {
    if (!due(current, at)) {
      return new ReservationStep.Unchanged(current);
    }
    return new ReservationStep.Moved(current, current.withStatus(ReservationStatus.EXPIRED, at),
        AuditAction.STOCK_EXPIRE, true);
  }

  /** NOT_FOUND on {@code reservationId}: no such reservation (or retention deleted it). */
  public static ServiceError notFound(UUID id) {
    return new ServiceError(ErrorCode.NOT_FOUND, "no reservation with id " + id, "reservationId");
  }

  private static ReservationStep refused(String why) {
    return new ReservationStep.Refused(ServiceError.of(ErrorCode.CONFLICT, why));
  }
}
