package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.order.domain.Cart;
import io.emporium.order.domain.CheckoutKeys;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderEvents;
import io.emporium.order.domain.OrderLine;
import io.emporium.order.domain.OrderState;
import io.emporium.order.store.OrderAudit;
import io.emporium.order.store.OrderPage;
import io.emporium.order.store.OrderQuery;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.outbox.ClaimedEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every order store does alike: carts, one order per key, versioned changes with their event and audit. */
@ExtendWith(VertxExtension.class)
abstract class OrderStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  static final UUID CUP = UUID.fromString("00000000-0000-0000-0000-00000000c0c0");
  static final UUID POT = UUID.fromString("00000000-0000-0000-0000-00000000d0d0");
  protected OrderStore store;

  protected abstract Future<OrderStore> emptyStore(Vertx vertx);

  @BeforeEach
  void emptied(Vertx vertx) {
    store = await(emptyStore(vertx));
  }

  @AfterEach
  void closeVertx(Vertx vertx) {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Order order(String user, String key, Instant at) {
    List<OrderLine> lines = List.of(new OrderLine(CUP, "Cup", new BigDecimal("12.90"), 3),
        new OrderLine(POT, "Pot", new BigDecimal("0.10"), 1));
    return Order.placed(CheckoutKeys.orderId(user, key), user, lines, "EUR", CheckoutKeys.reservationId(user, key), key,
        CheckoutKeys.fromCart(), at.plusSeconds(900), at);
  }

  static void assertError(Runnable call, ErrorCode code, String field) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.error().field()).isEqualTo(field);
    });
  }

  @Test
  void aCartKeepsItsLinesInTheOrderTheyWereAddedAndZeroRemovesOne() {
    await(store.setCartItem("u1", POT, 2, T0));
    await(store.setCartItem("u1", CUP, 1, T0.plusSeconds(1)));
    await(store.setCartItem("u1", POT, 5, T0.plusSeconds(2)));
    assertThat(await(store.cart("u1")).items()).containsExactly(new Cart.Item(POT, 5), new Cart.Item(CUP, 1));
    assertThat(await(store.cart("u2")).items()).isEmpty();

    await(store.setCartItem("u1", POT, 0, T0.plusSeconds(3)));
    assertThat(await(store.cart("u1")).items()).containsExactly(new Cart.Item(CUP, 1));
    await(store.clearCart("u1"));
    assertThat(await(store.cart("u1")).isEmpty()).isTrue();
  }

  @Test
  void aCartRefusesALineBeyondItsLimitButStillChangesExistingOnes() {
    for (int i = 0; i < Cart.MAX_LINES; i++) {
      await(store.setCartItem("u1", new UUID(1, i), 1, T0.plusMillis(i)));
    }
    assertError(() -> await(store.setCartItem("u1", CUP, 1, T0.plusSeconds(1))), ErrorCode.VALIDATION, "productId");
    await(store.setCartItem("u1", new UUID(1, 0), 7, T0.plusSeconds(2)));
    assertThat(await(store.cart("u1")).items()).hasSize(Cart.MAX_LINES).contains(new Cart.Item(new UUID(1, 0), 7));
  }

  @Test
  void placingStoresTheOrderItsEventAndAuditAndEmptiesTheCartWhenAsked() {
    await(store.setCartItem("u1", CUP, 3, T0));
    Order placed = order("u1", "key-1", T0);
    await(store.place(placed, true, OrderEvents.of(placed), "u1"));

    Order found = await(store.find(placed.id())).orElseThrow();
    assertThat(found).isEqualTo(placed);
    assertThat(found.total()).isEqualByComparingTo("38.80");
    assertThat(await(store.findByKey("u1", "key-1"))).contains(placed);
    assertThat(await(store.findByKey("u2", "key-1"))).isEmpty();
    assertThat(await(store.cart("u1")).isEmpty()).isTrue();
    assertThat(await(store.audit(placed.id()))).extracting(OrderAudit::action, OrderAudit::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("order.placed", "u1"));
    List<ClaimedEvent> events = await(store.outbox().claim("test", 10, 10_000));
    assertThat(events).extracting(c -> c.event().type()).containsExactly("order.placed");
    assertThat(events.get(0).event().payload().getJsonObject("total").getString("amount")).isEqualTo("38.80");
  }

  @Test
  void aSecondOrderUnderOneKeyIsAConflictAndChangesNothing() {
    await(store.setCartItem("u1", CUP, 3, T0));
    Order first = order("u1", "key-1", T0);
    await(store.place(first, false, OrderEvents.of(first), "u1"));
    Order again = order("u1", "key-1", T0.plusSeconds(5));
    assertError(() -> await(store.place(again, true, OrderEvents.of(again), "u1")), ErrorCode.CONFLICT,
        "idempotencyKey");
    assertThat(await(store.find(first.id()))).contains(first);
    assertThat(await(store.cart("u1")).items()).as("the refused order's transaction kept the cart").hasSize(1);
    assertThat(await(store.outbox().claim("test", 10, 10_000))).hasSize(1);
  }

  @Test
  void aChangeOfStateNeedsTheCurrentVersion() {
    Order placed = order("u1", "key-1", T0);
    await(store.place(placed, false, OrderEvents.of(placed), "u1"));
    Order paid = placed.moveTo(OrderState.PAID, T0.plusSeconds(10));
    await(store.update(paid, OrderEvents.of(paid), "admin-1"));
    Order cancelledFromStale = placed.moveTo(OrderState.CANCELLED, T0.plusSeconds(11));
    assertError(() -> await(store.update(cancelledFromStale, OrderEvents.of(cancelledFromStale), "u1")),
        ErrorCode.CONFLICT, "version");

    Order found = await(store.find(placed.id())).orElseThrow();
    assertThat(found.state()).isEqualTo(OrderState.PAID);
    assertThat(found.version()).isEqualTo(2);
    assertThat(await(store.audit(placed.id()))).extracting(OrderAudit::action)
        .containsExactly("order.placed", "order.paid");
  }

  @Test
  void listsAreNewestFirstFilteredAndPaged() {
    for (int i = 0; i < 5; i++) {
      Order o = order(i % 2 == 0 ? "u1" : "u2", "k" + i, T0.plusSeconds(i));
      await(store.place(o, false, OrderEvents.of(o), o.userId()));
    }
    OrderPage mine = await(store.list(OrderQuery.ofUser("u1", 1, 2)));
    assertThat(mine.total()).isEqualTo(3);
    assertThat(mine.items()).extracting(Order::idempotencyKey).containsExactly("k4", "k2");
    assertThat(await(store.list(OrderQuery.ofUser("u1", 2, 2))).items()).extracting(Order::idempotencyKey)
        .containsExactly("k0");
    assertThat(await(store.list(OrderQuery.ofUser("u1", 3, 2))).total()).isEqualTo(3);

    Order paid = await(store.findByKey("u2", "k3")).orElseThrow().moveTo(OrderState.PAID, T0.plusSeconds(60));
    await(store.update(paid, OrderEvents.of(paid), "admin"));
    OrderPage admin = await(store.list(new OrderQuery(Optional.empty(), Optional.of(OrderState.PLACED),
        Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(4)), 1, 10)));
    assertThat(admin.items()).extracting(Order::idempotencyKey).containsExactly("k2", "k1");
    assertThat(admin.total()).isEqualTo(2);
  }

  @Test
  void unpaidOrdersPastTheirWindowAreFoundLongestDueFirst() {
    Order late = order("u1", "late", T0);
    Order later = order("u1", "later", T0.plusSeconds(100));
    Order paid = order("u2", "paid", T0);
    for (Order o : List.of(late, later, paid)) {
      await(store.place(o, false, OrderEvents.of(o), o.userId()));
    }
    Order paidNow = paid.moveTo(OrderState.PAID, T0.plusSeconds(1));
    await(store.update(paidNow, OrderEvents.of(paidNow), "admin"));

    assertThat(await(store.unpaidDueBefore(T0.plusSeconds(950), 10))).extracting(Order::idempotencyKey)
        .containsExactly("late");
    assertThat(await(store.unpaidDueBefore(T0.plusSeconds(2_000), 10))).extracting(Order::idempotencyKey)
        .containsExactly("late", "later");
    assertThat(await(store.unpaidDueBefore(T0.plusSeconds(2_000), 1))).hasSize(1);
  }

  @Test
  void ordersAreCountedByTheirCurrentStateWithEveryStatePresent() {
    assertThat(await(store.countByState())).containsOnlyKeys(OrderState.values()).allSatisfy((state, n) ->
        assertThat(n).isZero());
    Order one = order("u1", "one", T0);
    Order two = order("u2", "two", T0);
    for (Order o : List.of(one, two)) {
      await(store.place(o, false, OrderEvents.of(o), o.userId()));
    }
    Order paid = one.moveTo(OrderState.PAID, T0.plusSeconds(1));
    await(store.update(paid, OrderEvents.of(paid), "admin"));

    assertThat(await(store.countByState())).containsEntry(OrderState.PLACED, 1L).containsEntry(OrderState.PAID, 1L)
        .containsEntry(OrderState.SHIPPED, 0L).containsEntry(OrderState.CANCELLED, 0L)
        .containsEntry(OrderState.DELIVERED, 0L);
  }

  @Test
  void aPaidOrderThatIsCancelledOwesARefund() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Order placed = order("u1", "key-1", now);
    await(store.place(placed, false, OrderEvents.of(placed), "u1"));
    Order cancelled = placed.moveTo(OrderState.PAID, now).moveTo(OrderState.CANCELLED, now);
    assertThat(cancelled.refundDue()).isTrue();
    assertThat(placed.moveTo(OrderState.CANCELLED, now).refundDue()).isFalse();
    assertError(() -> placed.moveTo(OrderState.SHIPPED, now), ErrorCode.CONFLICT, "state");
  }
}
