package io.emporium.product.domain;

import io.emporium.contract.ServiceError;
import io.emporium.product.audit.AuditAction;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ReservationRules} decided for a reservation: leave it as it is, move it to another state,
 * or refuse. A store carries a move out with its own means (in its transaction or under its lock).
 */
public sealed interface ReservationStep {

  /** The answer to the caller, once a move has been carried out. */
  Future<Reservation> answer();

  /** Nothing to change: the reservation is answered as it is (asking twice is asking once). */
  record Unchanged(Reservation reservation) implements ReservationStep {
    @Override
    public Future<Reservation> answer() {
      return Future.succeededFuture(reservation);
    }
  }

  /** The move is not allowed: the caller gets the error and nothing changes. */
  record Refused(ServiceError error) implements ReservationStep {
    @Override
    public Future<Reservation> answer() {
      return Future.failedFuture(error.toException());
    }
  }

  /**
   * From {@code before} to {@code after}, audited as {@code action}; when {@code givesStockBack}, the
   * reservation's items go back to the products that still exist.
   */
  record Moved(Reservation before, Reservation after, AuditAction action, boolean givesStockBack)
      implements ReservationStep {
    @Override
    public Future<Reservation> answer() {
      return Future.succeededFuture(after);
    }

    /** The change to record, with the stock the move gave back (none for a confirmation). */
    public Change change(List<StockMove> moves) {
      return Change.reservation(action, Optional.of(before), after, moves);
    }
  }
}
