package io.emporium.product.config;

import io.emporium.platform.config.EmporiumConfig;
import java.util.Optional;

/**
 * The product service's stock and catalogue settings.
 *
 * @param currency the catalogue's one currency, when it has one by configuration
 */
public record CatalogueSettings(int lowStockThreshold, int reservationTtlSeconds, int sweepIntervalMs,
    boolean demo, int adminCacheSeconds, int adminCheckTimeoutMs, Optional<String> currency) {

  /** The catalogue's settings of this configuration, as {@link CatalogueConfigSection} read them. */
  public static CatalogueSettings of(EmporiumConfig config) {
    return config.section(CatalogueSettings.class);
  }
}
