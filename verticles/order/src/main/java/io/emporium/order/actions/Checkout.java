package io.emporium.order.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.catalogue.CatalogueProduct;
import io.emporium.order.catalogue.Hold;
import io.emporium.order.domain.Cart;
import io.emporium.order.domain.CheckoutKeys;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderEvents;
import io.emporium.order.domain.OrderLine;
import io.emporium.order.domain.OrderTransitions;
import io.emporium.order.fault.CrashPoints;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checkout ({@code order.place}), idempotent on the caller's key:
 *
 * <ol>
 *   <li>an order under the key answers again (the same request) or is IDEMPOTENCY_KEY_REUSED (another one);
 *   <li>every line is priced from the catalogue now, never from the client; one currency per order;
 *   <li>all lines are reserved at once under a reservation id derived from (user, key), so a retry after a
 *       crash between the reservation and the commit holds the same stock, not more; too little stock is
 *       CONFLICT naming every short line, and nothing is held;
 *   <li>the order, its {@code order.placed} event and audit entry commit in one transaction (emptying the
 *       cart when it was ordered). A commit that fails leaves the reservation to its expiry, so a retry with
 *       the key finds it again.
 * </ol>
 */
public final class Checkout {
  public static final int MAX_KEY_LENGTH = 255;
  public static final int MAX_ITEMS = Cart.MAX_LINES;

  private final OrderStore store;
  private final Catalogue catalogue;
  private final int paymentWindowSeconds;
  private final OrderTransitions transitions;
  private final CrashPoints crashPoints;

  public Checkout(OrderStore store, Catalogue catalogue, int paymentWindowSeconds, OrderTransitions transitions,
      CrashPoints crashPoints) {
    this.store = store;
    this.catalogue = catalogue;
    this.paymentWindowSeconds = paymentWindowSeconds;
    this.transitions = transitions;
    this.crashPoints = crashPoints;
  }

  /** {"idempotencyKey","items"?} -> the order (the first one again for a retry). */
  public Future<JsonObject> place(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    Input input = Input.of(request.body(), Set.of("idempotencyKey", "items"));
    String key = input.text("idempotencyKey", MAX_KEY_LENGTH)
        .orElseThrow(() -> input.invalid("idempotencyKey", "idempotencyKey (the Idempotency-Key header) is required"));
    Optional<List<Cart.Item>> explicit = input.array("items").map(Checkout::items);
    String fingerprint = explicit.map(CheckoutKeys::ofItems).orElseGet(CheckoutKeys::fromCart);
    return store.findByKey(caller, key).compose(existing -> existing
            .map(order -> replay(order, fingerprint))
            .orElseGet(() -> wanted(caller, key, explicit).compose(items -> placeNew(caller, key,
                fingerprint, items, explicit.isEmpty(), request.requestId()))))
        .recover(e -> e instanceof PlacedMeanwhile meanwhile ? replay(meanwhile.order, fingerprint)
            : Future.failedFuture(e))
        .map(Order::toJson);
  }

  private static List<Cart.Item> items(JsonArray array) {
    if (array.isEmpty() || array.size() > MAX_ITEMS) {
      throw ServiceError.invalid("items", "items must have 1 to " + MAX_ITEMS + " entries").toException();
    }
    List<Cart.Item> items = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject raw)) {
        throw ServiceError.invalid("items[" + i + "]", "each item must be a JSON object").toException();
      }
      Input item = Input.of(raw, Set.of("productId", "quantity"), "items[" + i + "].");
      UUID product = item.uuid("productId");
      if (!seen.add(product)) {
        throw item.invalid("productId", "each product may appear once; add up its quantities");
      }
      items.add(new Cart.Item(product, item.integer("quantity", 1, Cart.MAX_QUANTITY, null)));
    }
    return items;
  }

  private static Future<Order> replay(Order order, String fingerprint) {
    if (order.fingerprint().equals(fingerprint)) {
      return Future.succeededFuture(order);
    }
    return Future.failedFuture(new ServiceError(ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "this Idempotency-Key was used for another request; send a new key", "idempotencyKey").toException());
  }

  /**
   * The items to order. An empty cart is looked at once more by key: a checkout of the cart retried while
   * its first attempt was still running (a client, or the mesh after an attempt's timeout) finds the cart
   * emptied by that attempt's commit, and must answer its order, not "the cart is empty".
   */
  private Future<List<Cart.Item>> wanted(String caller, String key, Optional<List<Cart.Item>> explicit) {
    if (explicit.isPresent()) {
      return Future.succeededFuture(explicit.get());
    }
    return store.cart(caller).compose(cart -> !cart.isEmpty() ? Future.succeededFuture(cart.items())
        : store.findByKey(caller, key).compose(placed -> placed.isPresent()
            ? Future.failedFuture(new PlacedMeanwhile(placed.get()))
            : Future.failedFuture(ServiceError.invalid("items", "the cart is empty; add products or send items")
                .toException())));
  }

  /** The order of the key, committed by another attempt while this one read the cart. */
  private static final class PlacedMeanwhile extends RuntimeException {
    private final transient Order order;

    PlacedMeanwhile(Order order) {
      super(null, null, false, false);
      this.order = order;
    }
  }

  private Future<Order> placeNew(String caller, String key, String fingerprint, List<Cart.Item> items,
      boolean fromCart, String requestId) {
    UUID reservation = CheckoutKeys.reservationId(caller, key);
    return priced(items, requestId).compose(priced -> catalogue.reserve(reservation, items,
                paymentWindowSeconds, requestId)
            .recover(e -> Future.failedFuture(whyNotReserved(ServiceError.from(e), items, priced.products())))
            .compose(hold -> hold.holds() ? Future.succeededFuture(hold)
                : Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "the stock held for this Idempotency-Key"
                    + " was " + hold.status() + "; send the order with a new key", "idempotencyKey").toException()))
            .compose(hold -> {
              crashPoints.afterReservation();
              Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
              Order order = Order.placed(CheckoutKeys.orderId(caller, key), caller, priced.lines(), priced.currency(),
                  reservation, key, fingerprint, paymentDue(now, hold), now);
              return store.place(order, fromCart, OrderEvents.of(order), caller).onSuccess(transitions::moved);
            }))
        // Two requests with one key at once: the second commit loses on the key and answers the first order.
        .recover(e -> isKeyConflict(e) ? store.findByKey(caller, key).compose(found -> found
            .map(order -> replay(order, fingerprint)).orElseGet(() -> Future.failedFuture(e)))
            : Future.failedFuture(e));
  }

  /**
   * The payment window, but never past the reservation: a retry after a crash finds the reservation the
   * first request made, whose time runs from then, and an order cannot be paid once its stock is let go.
   */
  private Instant paymentDue(Instant now, Hold hold) {
    Instant window = now.plusSeconds(paymentWindowSeconds);
    Instant held = hold.expiresAt().truncatedTo(ChronoUnit.MICROS);
    return held.isBefore(window) ? held : window;
  }

  private static boolean isKeyConflict(Throwable e) {
    ServiceError error = ServiceError.from(e);
    return error.code() == ErrorCode.CONFLICT && "idempotencyKey".equals(error.field());
  }

  /** The lines as the catalogue prices them now, in one currency. */
  private Future<Priced> priced(List<Cart.Item> items, String requestId) {
    List<Future<Optional<CatalogueProduct>>> lookups = items.stream()
        .map(i -> catalogue.product(i.productId(), requestId)).toList();
    return Future.all(lookups).map(all -> {
      List<OrderLine> lines = new ArrayList<>();
      List<CatalogueProduct> products = new ArrayList<>();
      String currency = null;
      for (int i = 0; i < items.size(); i++) {
        String field = "items[" + i + "].productId";
        Cart.Item item = items.get(i);
        CatalogueProduct product = lookups.get(i).result().orElseThrow(() ->
            ServiceError.invalid(field, "no product with id " + item.productId()).toException());
        if (!product.active()) {
          throw ServiceError.invalid(field, product.name() + " is not for sale").toException();
        }
        if (currency != null && !currency.equals(product.currency())) {
          throw ServiceError.invalid(field, "an order is in one currency: " + product.name() + " is priced in "
              + product.currency() + ", the order in " + currency).toException();
        }
        currency = product.currency();
        products.add(product);
        lines.add(new OrderLine(product.id(), product.name(), product.price(), items.get(i).quantity()));
      }
      return new Priced(lines, currency, products);
    });
  }

  private record Priced(List<OrderLine> lines, String currency, List<CatalogueProduct> products) {}

  /**
   * The product service names the first short line; the answer names every line whose stock (as read when
   * pricing, a moment ago) is short too. A reservation id used for other items is a key reused.
   */
  private static RuntimeException whyNotReserved(ServiceError error, List<Cart.Item> items,
      List<CatalogueProduct> products) {
    if (error.code() == ErrorCode.CONFLICT && "reservationId".equals(error.field())) {
      return new ServiceError(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used for another request; send a new key", "idempotencyKey").toException();
    }
    if (error.code() == ErrorCode.NOT_FOUND && error.field() != null) {
      return ServiceError.invalid(error.field(), error.message()).toException();
    }
    if (error.code() != ErrorCode.CONFLICT || error.field() == null || !error.field().startsWith("items[")) {
      return error.toException();
    }
    List<String> shortLines = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String field = "items[" + i + "].quantity";
      CatalogueProduct product = products.get(i);
      if (field.equals(error.field()) || product.stock() < items.get(i).quantity()) {
        shortLines.add(field + " (" + product.name() + ": " + items.get(i).quantity() + " wanted, "
            + Math.max(0, product.stock()) + " in stock)");
      }
    }
    return new ServiceError(ErrorCode.CONFLICT, "not enough stock for " + String.join(", ", shortLines)
        + "; nothing was reserved", error.field()).toException();
  }
}
