package io.emporium.order.actions;

import io.emporium.order.catalogue.Catalogue;
import io.emporium.order.catalogue.CatalogueProduct;
import io.emporium.order.domain.Cart;
import io.emporium.order.domain.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A cart as its owner sees it: each line with the product's current name and price, and a line whose
 * product was deleted, is no longer for sale or lacks the stock flagged ({@code problem}), not dropped.
 * The total sums the lines that can be ordered, when they share one currency (null otherwise).
 */
final class CartView {
  private final Catalogue catalogue;

  CartView(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  Future<JsonObject> of(Cart cart, String requestId) {
    List<Future<Optional<CatalogueProduct>>> products = cart.items().stream()
        .map(item -> catalogue.product(item.productId(), requestId)).toList();
    return Future.all(products).map(all -> {
      JsonArray lines = new JsonArray();
      BigDecimal total = BigDecimal.ZERO;
      String currency = null;
      boolean oneCurrency = true;
      for (int i = 0; i < cart.items().size(); i++) {
        Cart.Item item = cart.items().get(i);
        Optional<CatalogueProduct> product = products.get(i).result();
        JsonObject line = line(item, product);
        lines.add(line);
        if (product.isPresent() && line.getBoolean("available")) {
          CatalogueProduct p = product.get();
          oneCurrency &= currency == null || currency.equals(p.currency());
          currency = p.currency();
          total = total.add(p.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
      }
      return new JsonObject().put("lines", lines)
          .put("total", currency != null && oneCurrency ? Money.json(total, currency) : null);
    });
  }

  private static JsonObject line(Cart.Item item, Optional<CatalogueProduct> found) {
    JsonObject line = new JsonObject().put("productId", item.productId().toString()).put("quantity", item.quantity());
    if (found.isEmpty()) {
      return line.putNull("name").putNull("unitPrice").putNull("lineTotal").put("available", false)
          .put("problem", "deleted");
    }
    CatalogueProduct p = found.get();
    String problem = !p.active() ? "unavailable" : p.stock() == 0 ? "out-of-stock"
        : p.stock() < item.quantity() ? "not-enough-stock" : null;
    return line.put("name", p.name()).put("unitPrice", Money.json(p.price(), p.currency()))
        .put("lineTotal", Money.json(p.price().multiply(BigDecimal.valueOf(item.quantity())), p.currency()))
        .put("available", problem == null).put("problem", problem);
  }
}
