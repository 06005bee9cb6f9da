package io.emporium.order.actions;

import io.emporium.contract.ServiceError;
import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.domain.Cart;
import io.emporium.order.store.OrderStore;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The signed-in caller's cart. */
public final class CartActions {
  private final OrderStore store;
  private final Catalogue catalogue;
  private final CartView view;

  public CartActions(OrderStore store, Catalogue catalogue) {
    this.store = store;
    this.catalogue = catalogue;
    this.view = new CartView(catalogue);
  }

  /** {} -> the cart. */
  public Future<JsonObject> get(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    Input.of(request.body(), Set.of());
    return store.cart(caller).compose(cart -> view.of(cart, request.requestId()));
  }

  /** {"productId","quantity"} -> the cart; 0 removes the line; NOT_FOUND (productId) for an unknown product. */
  public Future<JsonObject> setItem(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    Input input = Input.of(request.body(), Set.of("productId", "quantity"));
    UUID product = input.uuid("productId");
    int quantity = input.integer("quantity", 0, Cart.MAX_QUANTITY, null);
    Future<Void> exists = quantity == 0 ? Future.succeededFuture() : catalogue.product(product, request.requestId())
        .compose(found -> found.isPresent() ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ServiceError(io.emporium.contract.ErrorCode.NOT_FOUND,
                "no product with id " + product, "productId").toException()));
    return exists.compose(v -> store.setCartItem(caller, product, quantity, Instant.now()))
        .compose(cart -> view.of(cart, request.requestId()));
  }

  /** {} -> {}. */
  public Future<JsonObject> clear(ServiceRequest request) {
    String caller = Callers.signedIn(request);
    Input.of(request.body(), Set.of());
    return store.clearCart(caller).map(v -> new JsonObject());
  }
}
