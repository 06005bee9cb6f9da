package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig.CatalogueSettings;

/**
 * The product service's settings.
 *
 * @param lowStockThreshold a change that takes a product's stock from above this to at or below it
 *     publishes {@code stock.low}
 * @param reservationTtlSeconds how long a reservation holds its stock when the caller does not say
 * @param sweepIntervalMs how often expired reservations are looked for (and their stock returned)
 * @param demoCatalogue load the demo catalogue at start when the catalogue is empty
 */
public record ProductSettings(int lowStockThreshold, int reservationTtlSeconds, long sweepIntervalMs,
    boolean demoCatalogue) {

  public static ProductSettings defaults() {
    return new ProductSettings(5, 900, 1_000, false);
  }

  public static ProductSettings from(CatalogueSettings catalogue) {
    return new ProductSettings(catalogue.lowStockThreshold(), catalogue.reservationTtlSeconds(),
        catalogue.sweepIntervalMs(), catalogue.demo());
  }
}
