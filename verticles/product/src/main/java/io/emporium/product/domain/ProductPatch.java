package io.emporium.product.domain;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fields an update changes; those left out keep their value. {@code category} is doubly optional:
 * absent keeps it, present and empty removes the product from any category.
 */
public record ProductPatch(Optional<String> sku, Optional<String> name, Optional<String> description,
    Optional<BigDecimal> price, Optional<String> currency, Optional<Optional<String>> category,
    Optional<List<String>> tags, Optional<JsonObject> attributes, Optional<Boolean> featured, Optional<Integer> stock,
    Optional<Product.Status> status) {

  public static ProductPatch featured(boolean value) {
    return new ProductPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(value), Optional.empty(), Optional.empty());
  }

  /** The product with the patch applied, same version and times (see {@link #apply}). */
  public Product merge(Product p) {
    return new Product(p.id(), sku.orElse(p.sku()), name.orElse(p.name()), description.orElse(p.description()),
        price.orElse(p.price()), currency.orElse(p.currency()), category.isPresent() ? category.get().orElse(null)
            : p.category(), tags.map(List::copyOf).orElse(p.tags()), attributes.map(JsonObject::copy)
            .orElse(p.attributes()), featured.orElse(p.featured()), stock.orElse(p.stock()), status.orElse(p.status()),
        p.version(), p.createdAt(), p.updatedAt());
  }

  /** The next version of {@code p}, or {@code p} itself when the patch changes nothing. */
  public Product apply(Product p, Instant now) {
    Product merged = merge(p);
    if (merged.equals(p)) {
      return p;
    }
    return new Product(merged.id(), merged.sku(), merged.name(), merged.description(), merged.price(),
        merged.currency(), merged.category(), merged.tags(), merged.attributes(), merged.featured(), merged.stock(),
        merged.status(), p.version() + 1, p.createdAt(), now);
  }

  /** The category this patch files the product under, when it names one. */
  public Optional<String> namedCategory() {
    return category.flatMap(c -> c);
  }
}
