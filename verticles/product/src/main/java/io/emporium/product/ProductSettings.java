package io.emporium.product;

import io.emporium.product.actions.AdminCheck;
import io.emporium.product.config.CatalogueSettings;
import java.util.Optional;

/**
 * The product service's settings.
 *
 * @param lowStockThreshold a change that takes a product's stock from above this to at or below it
 *     publishes {@code stock.low}
 * @param reservationTtlSeconds how long a reservation holds its stock when the caller does not say
 * @param sweepIntervalMs how often expired reservations are looked for (and their stock returned)
 * @param demoCatalogue load the demo catalogue at start when the catalogue is empty
 * @param adminCheck how admin callers are confirmed with the user service
 * @param currency the catalogue's one currency, when configured: other currencies are refused, and
 *     price sorts and filters are in it without naming it
 */
public record ProductSettings(int lowStockThreshold, int reservationTtlSeconds, long sweepIntervalMs,
    boolean demoCatalogue, AdminCheck adminCheck, Optional<String> currency) {

  public static ProductSettings defaults() {
    return new ProductSettings(5, 900, 1_000, false, new AdminCheck(5_000, 2_000), Optional.empty());
  }

  public static ProductSettings from(CatalogueSettings catalogue) {
    return new ProductSettings(catalogue.lowStockThreshold(), catalogue.reservationTtlSeconds(),
        catalogue.sweepIntervalMs(), catalogue.demo(),
        new AdminCheck(catalogue.adminCacheSeconds() * 1_000L, catalogue.adminCheckTimeoutMs()), catalogue.currency());
  }

  /** The same settings with the catalogue's one currency (tests). */
  public ProductSettings withCurrency(String currency) {
    return new ProductSettings(lowStockThreshold, reservationTtlSeconds, sweepIntervalMs, demoCatalogue, adminCheck,
        Optional.of(currency));
  }

  /** The same settings with another admin check (tests). */
  public ProductSettings withAdminCheck(AdminCheck check) {
    return new ProductSettings(lowStockThreshold, reservationTtlSeconds, sweepIntervalMs, demoCatalogue, check, currency);
  }
}
