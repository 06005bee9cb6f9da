package io.emporium.product.store;


import static io.emporium.product.store.Fixtures.assertError;
import static io.emporium.product.store.Fixtures.at;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.create;
import static io.emporium.product.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stock never goes below zero, whoever takes it and however many at once; reservations hold, sell or give back. */
@ExtendWith(VertxExtension.class)
abstract class StockContract {
  protected ProductRepository repository;
  protected Product cup;
  protected Product pot;

  protected abstract Future<ProductRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void twoProducts(Vertx vertx) {
    repository = await(emptyRepository(vertx));
    Fixtures.category(repository, "kitchen", null);
    cup = create(repository, product("CUP-1", "Cup", "", "5.00", "kitchen", List.of(), false, 100), at(1));
    pot = create(repository, product("POT-1", "Pot", "", "25.00", "kitchen", List.of(), false, 8), at(2));
    Fixtures.drainEvents(repository);
  }
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  int stock(Product p) {
    return await(repository.findById(p.id())).orElseThrow().stock();
  }

  @Test
  void adjustmentsAddAndTakeAndNewVersionsAreMade() {
    Product up = await(repository.adjustStock(cup.id(), 5, at(10), Fixtures.admin()));
    assertThat(up.stock()).isEqualTo(105);
    assertThat(up.version()).isEqualTo(2);
    Product down = await(repository.adjustStock(cup.id(), -105, at(11), Fixtures.admin()));
    assertThat(down.stock()).isZero();
    assertThat(down.version()).isEqualTo(3);
  }

  @Test
  void aDecrementBelowZeroIsAConflictAndChangesNothing() {
    assertError(repository.adjustStock(pot.id(), -9, at(10), Fixtures.admin()), ErrorCode.CONFLICT, "delta");
    Product now = await(repository.findById(pot.id())).orElseThrow();
    assertThat(now).isEqualTo(pot);
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
    assertError(repository.adjustStock(UUID.randomUUID(), 1, at(10), Fixtures.admin()), ErrorCode.NOT_FOUND, null);
    assertError(repository.adjustStock(pot.id(), Integer.MAX_VALUE, at(10), Fixtures.admin()), ErrorCode.VALIDATION,
        "delta");
  }

  @Test
  void stockChangesAnnounceThemselvesAndTheLowMarkOnceWhenCrossed() {
    await(repository.adjustStock(pot.id(), -2, at(10), Fixtures.admin()));   // 8 -> 6: above 5
    await(repository.adjustStock(pot.id(), -2, at(11), Fixtures.admin()));   // 6 -> 4: crosses
    await(repository.adjustStock(pot.id(), -1, at(12), Fixtures.admin()));   // 4 -> 3: already low
    List<OutboxEvent> events = Fixtures.drainEvents(repository);
    assertThat(events.stream().map(OutboxEvent::type)).containsExactly("stock.changed", "stock.changed", "stock.low",
        "stock.changed");
    assertThat(events.get(1).payload().getInteger("previousStock")).isEqualTo(6);
    assertThat(events.get(1).payload().getInteger("stock")).isEqualTo(4);
    assertThat(events.get(1).payload().getString("reason")).isEqualTo("adjustment");
    assertThat(events.get(2).payload().getInteger("threshold")).isEqualTo(5);
    AuditRecord<AuditAction> last = await(repository.audit(new AuditQuery<>(1, 1, Optional.empty(),
        Optional.of(AuditAction.STOCK_ADJUST), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()))).items().get(0);
    assertThat(last.entry().before().getInteger("stock")).isEqualTo(4);
    assertThat(last.entry().after().getInteger("stock")).isEqualTo(3);
  }

  /** 200 takers of one unit each on a stock of 100, all at once: exactly 100 get one. */
  @Test
  void concurrentDecrementsNeverOversell() {
    List<Future<Product>> takers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      takers.add(repository.adjustStock(cup.id(), -1, Instant.now(), Fixtures.admin()));
    }
    await(Future.join(takers).otherwiseEmpty());
    assertThat(takers.stream().filter(Future::succeeded)).hasSize(100);
    assertThat(takers.stream().filter(Future::failed).map(f -> ((ServiceException) f.cause()).code()))
        .hasSize(100).containsOnly(ErrorCode.CONFLICT);
    assertThat(stock(cup)).isZero();
  }

  @Test
  void concurrentReservationsNeverOversell() {
    List<Future<Reservation>> takers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      takers.add(repository.reserve(request(UUID.randomUUID(), 60, new ReservationItem(cup.id(), 1)), Instant.now(),
          Fixtures.admin()));
    }
    await(Future.join(takers).otherwiseEmpty());
    assertThat(takers.stream().filter(Future::succeeded)).hasSize(100);
    assertThat(takers.stream().filter(Future::failed).map(f -> ((ServiceException) f.cause()).code()))
        .hasSize(100).containsOnly(ErrorCode.CONFLICT);
    assertThat(stock(cup)).isZero();
  }

  static ReservationRequest request(UUID id, int ttlSeconds, ReservationItem... items) {
    return new ReservationRequest(id, List.of(items), at(10).plusSeconds(ttlSeconds));
  }

  @Test
  void aReservationTakesEveryItemAndAskingAgainTakesNothingMore() {
    UUID id = UUID.randomUUID();
    ReservationRequest order = request(id, 60, new ReservationItem(cup.id(), 3), new ReservationItem(pot.id(), 2));
    Reservation held = await(repository.reserve(order, at(10), Fixtures.admin()));
    assertThat(held.status()).isEqualTo(ReservationStatus.HELD);
    assertThat(held.expiresAt()).isEqualTo(at(70));
    Reservation again = await(repository.reserve(order, at(11), Fixtures.admin()));
    assertThat(again).isEqualTo(held);
    assertThat(stock(cup)).isEqualTo(97);
    assertThat(stock(pot)).isEqualTo(6);
    assertError(repository.reserve(request(id, 60, new ReservationItem(cup.id(), 4)), at(12), Fixtures.admin()),
        ErrorCode.CONFLICT, "reservationId");
    assertThat(await(repository.findReservation(id))).contains(held);
  }

  @Test
  void aReservationThatCannotHaveEveryItemTakesNone() {
    UUID id = UUID.randomUUID();
    assertError(repository.reserve(request(id, 60, new ReservationItem(cup.id(), 3),
        new ReservationItem(pot.id(), 9)), at(10), Fixtures.admin()), ErrorCode.CONFLICT, "items[1].quantity");
    assertError(repository.reserve(request(id, 60, new ReservationItem(cup.id(), 3),
        new ReservationItem(UUID.randomUUID(), 1)), at(10), Fixtures.admin()), ErrorCode.NOT_FOUND,
        "items[1].productId");
    assertThat(stock(cup)).isEqualTo(100);
    assertThat(stock(pot)).isEqualTo(8);
    assertThat(await(repository.findReservation(id))).isEmpty();
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
    // The id was not used up: a good request with it succeeds.
    assertThat(await(repository.reserve(request(id, 60, new ReservationItem(pot.id(), 8)), at(11),
        Fixtures.admin())).status()).isEqualTo(ReservationStatus.HELD);
  }

  @Test
  void confirmSellsAndReleaseGivesBackEachOnlyOnce() {
    UUID sold = UUID.randomUUID();
    UUID dropped = UUID.randomUUID();
    await(repository.reserve(request(sold, 60, new ReservationItem(cup.id(), 10)), at(10), Fixtures.admin()));
    await(repository.reserve(request(dropped, 60, new ReservationItem(cup.id(), 20)), at(10), Fixtures.admin()));
    assertThat(stock(cup)).isEqualTo(70);

    Reservation confirmed = await(repository.confirm(sold, at(20), Fixtures.admin()));
    assertThat(confirmed.status()).isEqualTo(ReservationStatus.CONFIRMED);
    assertThat(await(repository.confirm(sold, at(21), Fixtures.admin()))).isEqualTo(confirmed);
    assertError(repository.release(sold, at(22), Fixtures.admin()), ErrorCode.CONFLICT, null);

    Reservation released = await(repository.release(dropped, at(23), Fixtures.admin()));
    assertThat(released.status()).isEqualTo(ReservationStatus.RELEASED);
    assertThat(await(repository.release(dropped, at(24), Fixtures.admin()))).isEqualTo(released);
    assertError(repository.confirm(dropped, at(25), Fixtures.admin()), ErrorCode.CONFLICT, null);
    assertThat(stock(cup)).isEqualTo(90);

    assertError(repository.confirm(UUID.randomUUID(), at(25), Fixtures.admin()), ErrorCode.NOT_FOUND,
        "reservationId");
    assertError(repository.release(UUID.randomUUID(), at(25), Fixtures.admin()), ErrorCode.NOT_FOUND,
        "reservationId");
  }

  @Test
  void aConfirmedReservationReturnsItsUnitsOnceAndThenCannotBeConfirmedOrReleased() {
    UUID sold = UUID.randomUUID();
    await(repository.reserve(request(sold, 60, new ReservationItem(cup.id(), 10), new ReservationItem(pot.id(), 3)),
        at(10), Fixtures.admin()));
    await(repository.confirm(sold, at(11), Fixtures.admin()));
    assertThat(stock(cup)).isEqualTo(90);
    assertThat(stock(pot)).isEqualTo(5);
    Fixtures.drainEvents(repository);

    Reservation returned = await(repository.returnSold(sold, at(20), Fixtures.admin()));
    assertThat(returned.status()).isEqualTo(ReservationStatus.RETURNED);
    assertThat(returned.toJson().getString("status")).isEqualTo("returned");
    assertThat(stock(cup)).isEqualTo(100);
    assertThat(stock(pot)).isEqualTo(8);
    assertThat(Fixtures.drainEvents(repository).stream().filter(e -> e.type().equals("stock.changed"))
        .map(e -> e.payload().getString("reason") + ":" + e.payload().getInteger("delta")).toList())
        .containsExactlyInAnyOrder("return:10", "return:3");

    assertThat(await(repository.returnSold(sold, at(21), Fixtures.admin()))).as("returning twice returns once")
        .isEqualTo(returned);
    assertThat(stock(cup)).isEqualTo(100);
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
    assertError(repository.confirm(sold, at(22), Fixtures.admin()), ErrorCode.CONFLICT, null);
    assertError(repository.release(sold, at(22), Fixtures.admin()), ErrorCode.CONFLICT, null);
    assertThat(await(repository.findReservation(sold)).orElseThrow().status()).isEqualTo(ReservationStatus.RETURNED);
    assertThat(stock(cup)).isEqualTo(100);
    List<AuditRecord<AuditAction>> audit = await(repository.audit(new AuditQuery<>(1, 10, Optional.empty(),
        Optional.of(AuditAction.STOCK_RETURN), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
        .items();
    assertThat(audit).hasSize(1);
  }

  @Test
  void onlyAConfirmedReservationHasUnitsToReturn() {
    UUID held = UUID.randomUUID();
    UUID released = UUID.randomUUID();
    UUID expired = UUID.randomUUID();
    await(repository.reserve(request(held, 60, new ReservationItem(cup.id(), 1)), at(10), Fixtures.admin()));
    await(repository.reserve(request(released, 60, new ReservationItem(cup.id(), 2)), at(10), Fixtures.admin()));
    await(repository.reserve(request(expired, 5, new ReservationItem(cup.id(), 4)), at(10), Fixtures.admin()));
    await(repository.release(released, at(11), Fixtures.admin()));
    await(repository.expireReservations(at(16), 100, Fixtures.admin()));
    assertThat(stock(cup)).isEqualTo(99);
    for (UUID id : List.of(held, released, expired)) {
      assertError(repository.returnSold(id, at(20), Fixtures.admin()), ErrorCode.CONFLICT, "status");
    }
    assertThat(stock(cup)).as("nothing came back twice").isEqualTo(99);
    assertError(repository.returnSold(UUID.randomUUID(), at(20), Fixtures.admin()), ErrorCode.NOT_FOUND,
        "reservationId");
  }

  @Test
  void expiredReservationsGiveTheirStockBackOnceAndCannotBeConfirmed() {
    UUID early = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    await(repository.reserve(request(early, 5, new ReservationItem(pot.id(), 4)), at(10), Fixtures.admin()));
    await(repository.reserve(request(late, 500, new ReservationItem(pot.id(), 1)), at(10), Fixtures.admin()));
    assertThat(stock(pot)).isEqualTo(3);
    assertThat(await(repository.expireReservations(at(14), 100, Fixtures.admin()))).isZero();
    assertThat(await(repository.expireReservations(at(16), 100, Fixtures.admin()))).isEqualTo(1);
    assertThat(await(repository.expireReservations(at(17), 100, Fixtures.admin()))).isZero();
    assertThat(stock(pot)).isEqualTo(7);
    assertThat(await(repository.findReservation(early)).orElseThrow().status()).isEqualTo(ReservationStatus.EXPIRED);
    assertError(repository.confirm(early, at(18), Fixtures.admin()), ErrorCode.CONFLICT, null);
    assertThat(await(repository.release(early, at(18), Fixtures.admin())).status())
        .isEqualTo(ReservationStatus.EXPIRED);
    // A held reservation past its time, not swept yet, cannot be confirmed either.
    assertError(repository.confirm(late, at(600), Fixtures.admin()), ErrorCode.CONFLICT, null);
    List<String> reasons = Fixtures.drainEvents(repository).stream().filter(e -> e.type().equals("stock.changed"))
        .map(e -> e.payload().getString("reason")).toList();
    assertThat(reasons).containsExactly("reservation", "reservation", "expiry");
  }

  @Test
  void aReservationOfADeletedProductStillEnds() {
    UUID id = UUID.randomUUID();
    await(repository.reserve(request(id, 60, new ReservationItem(pot.id(), 1)), at(10), Fixtures.admin()));
    await(repository.delete(pot.id(), Optional.empty(), at(11), Fixtures.admin()));
    assertThat(await(repository.release(id, at(12), Fixtures.admin())).status()).isEqualTo(ReservationStatus.RELEASED);
  }

  @Test
  void finishedReservationsGoOnceTheirRetentionIsOverAndAHeldOneNever() {
    UUID confirmed = UUID.randomUUID();
    UUID released = UUID.randomUUID();
    UUID held = UUID.randomUUID();
    await(repository.reserve(request(confirmed, 60, new ReservationItem(cup.id(), 1)), at(10), Fixtures.admin()));
    await(repository.reserve(request(released, 60, new ReservationItem(cup.id(), 1)), at(10), Fixtures.admin()));
    await(repository.reserve(request(held, 5, new ReservationItem(cup.id(), 1)), at(10), Fixtures.admin()));
    await(repository.confirm(confirmed, at(11), Fixtures.admin()));
    await(repository.release(released, at(12), Fixtures.admin()));

    assertThat(await(repository.purgeFinishedReservations(at(11), 100))).as("none finished before 11 s").isZero();
    assertThat(await(repository.purgeFinishedReservations(at(12), 100))).as("the confirmed one").isEqualTo(1);
    // The held one is past its time but not swept: it is the sweeper's, never retention's.
    assertThat(await(repository.purgeFinishedReservations(at(100_000), 100))).as("the released one").isEqualTo(1);
    assertThat(await(repository.findReservation(confirmed))).isEmpty();
    assertThat(await(repository.findReservation(released))).isEmpty();
    assertThat(await(repository.findReservation(held)).orElseThrow().status()).isEqualTo(ReservationStatus.HELD);
  }

  @Test
  void auditEntriesGoOnceWrittenBeforeTheCutoffAtMostLimitAtATime() {
    await(repository.adjustStock(cup.id(), 1, at(10), Fixtures.admin()));
    AuditQuery<AuditAction> all = new AuditQuery<>(1, 100, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    long before = await(repository.audit(all)).total();
    assertThat(before).as("the category, both products and the adjustment").isGreaterThanOrEqualTo(4);
    assertThat(await(repository.purgeAuditLog(at(-100_000), 100))).isZero();
    assertThat(await(repository.purgeAuditLog(at(3), 1))).as("at most the limit").isEqualTo(1);
    int rest = await(repository.purgeAuditLog(at(3), 100));
    assertThat(await(repository.purgeAuditLog(at(3), 100))).isZero();
    List<AuditRecord<AuditAction>> left = await(repository.audit(all)).items();
    assertThat(left).hasSize((int) before - 1 - rest).allSatisfy(r -> assertThat(r.at()).isAfterOrEqualTo(at(3)));
    assertThat(left).anySatisfy(r -> assertThat(r.entry().action()).isEqualTo(AuditAction.STOCK_ADJUST));
  }

  /** An audit entry's id names it for good: one written after a purge never takes a purged or a kept one's. */
  @Test
  void auditIdsAreNeverReusedAfterAPurge() {
    await(repository.adjustStock(cup.id(), 1, at(10), Fixtures.admin()));
    AuditQuery<AuditAction> all = new AuditQuery<>(1, 100, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    long highest = await(repository.audit(all)).items().stream().mapToLong(AuditRecord::id).max().orElseThrow();
    assertThat(await(repository.purgeAuditLog(at(3), 100))).isPositive();
    await(repository.adjustStock(cup.id(), 1, at(20), Fixtures.admin()));
    List<AuditRecord<AuditAction>> left = await(repository.audit(all)).items();
    assertThat(left.stream().map(AuditRecord::id).distinct().count()).isEqualTo(left.size());
    AuditRecord<AuditAction> newest = left.stream().filter(r -> r.at().equals(at(20))).findFirst().orElseThrow();
    assertThat(newest.id()).isGreaterThan(highest);
  }
}
