package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig.CatalogueSettings;
import java.util.Optional;

/**
 * The product service's settings.
 *
 * @param lowStockThreshold a change that takes a product's stock from above this to at or below it
 *     publishes {@code stock.low}
 * @param reservationTtlSeconds how long a reservation holds its stock when the caller does not say
 * @param sweepIntervalMs how often expired reservations are looked for (and their stock returned)
 * @param demoCatalogue load the demo catalogue at start when the catalogue is empty
 * @param currency the catalogue's one currency, when configured: other currencies are refused, and
 *     price sorts and filters are in it without naming it
 */
public record ProductSettings(int lowStockThreshold, int reservationTtlSeconds, long sweepIntervalMs,
    boolean demoCatalogue, Optional<String> currency) {

  public ProductSettings(int lowStockThreshold, int reservationTtlSeconds, long sweepIntervalMs,
      boolean demoCatalogue) {
    this(lowStockThreshold, reservationTtlSeconds, sweepIntervalMs, demoCatalogue, Optional.empty());
  }

  public static ProductSettings defaults() {
    return new ProductSettings(5, 900, 1_000, false);
  }

  public static ProductSettings from(CatalogueSettings catalogue) {
    return new ProductSettings(catalogue.lowStockThreshold(), catalogue.reservationTtlSeconds(),
        catalogue.sweepIntervalMs(), catalogue.demo(), catalogue.currency());
  }
}
