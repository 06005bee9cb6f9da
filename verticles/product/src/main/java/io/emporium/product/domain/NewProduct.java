package io.emporium.product.domain;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/** What a caller supplies to create a product; the store assigns id, version and times. */
public record NewProduct(
    String sku, String name, String description, BigDecimal price, String currency, String category,
    List<String> tags, JsonObject attributes, boolean featured, int stock) {}
