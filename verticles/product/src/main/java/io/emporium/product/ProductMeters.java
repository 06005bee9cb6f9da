package io.emporium.product;

import io.emporium.platform.metrics.EmporiumMetrics;

/**
 * The product service's own metrics: products created, stock changes by reason, and the name of the
 * low-stock gauge ({@link ProductModule} samples it).
 */
final class ProductMeters {
  /** The metric names, as Micrometer names (Prometheus adds the unit and _total). */
  static final String PRODUCTS_CREATED = "emporium.product.creations";
  static final String STOCK_CHANGES = "emporium.stock.changes";
  static final String STOCK_BELOW_THRESHOLD = "emporium.stock.below.threshold";

  private final EmporiumMetrics metrics;

  ProductMeters(EmporiumMetrics metrics) {
    this.metrics = metrics;
  }

  void productCreated() {
    metrics.count(PRODUCTS_CREATED, "Products created");
  }

  /** A change of stock: {@code reason} adjust, reserve, release ... */
  void stockChanged(String reason) {
    metrics.count(STOCK_CHANGES, "Stock changes, by reason", "reason", reason);
  }
}
