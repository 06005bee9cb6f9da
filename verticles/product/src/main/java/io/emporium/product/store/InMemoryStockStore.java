package io.emporium.product.store;

import io.emporium.contract.ServiceError;
import io.emporium.product.domain.Change;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationRules;
import io.emporium.product.domain.ReservationStatus;
import io.emporium.product.domain.ReservationStep;
import io.emporium.product.domain.StockMove;
import io.emporium.product.domain.StockRules;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Stock and reservations of the in-memory store: every check before any change, then the change and
 * its records as one unit, synchronized on the products (see {@link InMemoryProducts}); what a
 * reservation step may do is {@link ReservationRules}'.
 */
final class InMemoryStockStore implements StockStore {
  private final Map<UUID, Reservation> reservations = new HashMap<>();
  private final InMemoryProducts products;
  private final InMemoryChangeLog changes;

  InMemoryStockStore(InMemoryProducts products, InMemoryChangeLog changes) {
    this.products = products;
    this.changes = changes;
  }

  @Override
  public Future<Product> adjustStock(UUID id, int delta, Instant now, Recorder recorder) {
    synchronized (products) {
      Optional<Product> current = products.get(id);
      Optional<RuntimeException> refused = StockRules.adjustRefusal(id, current.map(Product::stock), delta)
          .map(ServiceError::toException);
      if (refused.isPresent()) {
        return Future.failedFuture(refused.get());
      }
      Instant at = Timestamps.micros(now);
      Product after = withStock(current.get(), current.get().stock() + delta, at);
      products.restocked(after);
      changes.record(List.of(Change.stockAdjusted(after, delta)), recorder, at);
      return Future.succeededFuture(after);
    }
  }

  @Override
  public Future<Reservation> reserve(ReservationRequest request, Instant now, Recorder recorder) {
    synchronized (products) {
      Reservation existing = reservations.get(request.id());
      if (existing != null) {
        return ReservationRules.askedAgain(existing, request).answer();
      }
      List<ReservationItem> items = request.items();
      for (int i = 0; i < items.size(); i++) {
        ReservationItem item = items.get(i);
        Optional<Product> current = products.get(item.productId());
        if (current.isEmpty()) {
          return Future.failedFuture(StockRules.unknownItem(i, item.productId()).toException());
        }
        if (current.get().stock() < item.quantity()) {
          return Future.failedFuture(StockRules.itemShort(i, current.get().stock()).toException());
        }
      }
      Instant at = Timestamps.micros(now);
      List<StockMove> taken = new ArrayList<>();
      for (ReservationItem item : items) {
        Product current = products.get(item.productId()).orElseThrow();
        Product after = withStock(current, current.stock() - item.quantity(), at);
        products.restocked(after);
        taken.add(new StockMove(after, -item.quantity()));
      }
      Reservation held = ReservationRules.held(request, Timestamps.micros(request.expiresAt()), at);
      reservations.put(held.id(), held);
      changes.record(List.of(ReservationRules.reserved(held, taken)), recorder, at);
      return Future.succeededFuture(held);
    }
  }

  @Override
  public Future<Reservation> confirm(UUID reservationId, Instant now, Recorder recorder) {
    return step(reservationId, now, recorder, ReservationRules::confirm);
  }

  @Override
  public Future<Reservation> release(UUID reservationId, Instant now, Recorder recorder) {
    return step(reservationId, now, recorder, ReservationRules::release);
  }

  @Override
  public Future<Reservation> returnSold(UUID reservationId, Instant now, Recorder recorder) {
    return step(reservationId, now, recorder, ReservationRules::returnSold);
  }

  /** Asks the rule about the reservation, and carries out its step with its records. */
  private Future<Reservation> step(UUID reservationId, Instant now, Recorder recorder,
      BiFunction<Reservation, Instant, ReservationStep> rule) {
    synchronized (products) {
      Reservation current = reservations.get(reservationId);
      if (current == null) {
        return Future.failedFuture(ReservationRules.notFound(reservationId).toException());
      }
      Instant at = Timestamps.micros(now);
      ReservationStep step = rule.apply(current, at);
      if (step instanceof ReservationStep.Moved moved) {
        changes.record(List.of(carryOut(moved, at)), recorder, at);
      }
      return step.answer();
    }
  }

  /** Stores the new state and gives the stock back when the step says so; answers the change to record. */
  private Change carryOut(ReservationStep.Moved moved, Instant at) {
    reservations.put(moved.after().id(), moved.after());
    return moved.change(moved.givesStockBack() ? giveBack(moved.before().items(), at) : List.of());
  }

  @Override
  public Future<Integer> expireReservations(Instant now, int limit, Recorder recorder) {
    synchronized (products) {
      Instant at = Timestamps.micros(now);
      List<Reservation> due = reservations.values().stream()
          .filter(r -> ReservationRules.due(r, at))
          .sorted(Comparator.comparing(Reservation::expiresAt))
          .limit(limit)
          .toList();
      List<Change> made = new ArrayList<>();
      for (Reservation r : due) {
        if (ReservationRules.expire(r, at) instanceof ReservationStep.Moved moved) {
          made.add(carryOut(moved, at));
        }
      }
      changes.record(made, recorder, at);
      return Future.succeededFuture(due.size());
    }
  }

  @Override
  public Future<Optional<Reservation>> findReservation(UUID reservationId) {
    synchronized (products) {
      return Future.succeededFuture(Optional.ofNullable(reservations.get(reservationId)));
    }
  }

  @Override
  public Future<Integer> purgeFinishedReservations(Instant finishedBefore, int limit) {
    synchronized (products) {
      List<UUID> due = reservations.values().stream()
          .filter(r -> r.status() != ReservationStatus.HELD && r.updatedAt().isBefore(finishedBefore))
          .sorted(Comparator.comparing(Reservation::updatedAt)).limit(limit).map(Reservation::id).toList();
      due.forEach(reservations::remove);
      return Future.succeededFuture(due.size());
    }
  }

  /** Returns reserved stock to the products that still exist. */
  private List<StockMove> giveBack(List<ReservationItem> items, Instant at) {
    List<StockMove> moves = new ArrayList<>();
    for (ReservationItem item : items) {
      Optional<Product> current = products.get(item.productId());
      if (current.isPresent()) {
        Product after = withStock(current.get(), current.get().stock() + item.quantity(), at);
        products.restocked(after);
        moves.add(new StockMove(after, item.quantity()));
      }
    }
    return moves;
  }

  private static Product withStock(Product p, int stock, Instant at) {
    return new Product(p.id(), p.sku(), p.name(), p.description(), p.price(), p.currency(), p.category(), p.tags(),
        p.attributes(), p.featured(), stock, p.status(), p.version() + 1, p.createdAt(), at);
  }
}
