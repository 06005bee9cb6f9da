package io.emporium.product.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue's section, read through the section the product module lists for the ServiceLoader. */
class CatalogueConfigSectionTest {
  private static final String SHOP_DB = "postgresql://app@db.internal:5432/shop";

  /** The shipped {@code catalogue.demo} is {@code auto}; {@link TestConfigs} sets false unless told. */
  private static CatalogueSettings catalogue(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new HashMap<>(Map.of(ConfigKey.CATALOGUE_DEMO, "auto"));
    values.putAll(overrides);
    return CatalogueSettings.of(TestConfigs.with(values));
  }

  @Test
  void aZeroSetupStartLoadsTheDemoCatalogueUnlessToldNot() {
    assertThat(catalogue(Map.of()).demo()).as("dev profile, in-memory store").isTrue();
    assertThat(catalogue(Map.of(ConfigKey.CATALOGUE_DEMO, "false")).demo()).isFalse();
    assertThat(catalogue(Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, SHOP_DB)).demo()).as("a real store")
        .isFalse();
    assertThat(catalogue(Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, SHOP_DB,
        ConfigKey.CATALOGUE_DEMO, "true")).demo()).isTrue();
    assertThatThrownBy(() -> catalogue(Map.of(ConfigKey.CATALOGUE_DEMO, "sometimes")))
        .hasMessageContaining("catalogue.demo (EMPORIUM_CATALOGUE_DEMO) must be auto, true or false, got 'sometimes'");
  }

  @Test
  void theShippedDefaultsAndTheCurrencyAreRead() {
    CatalogueSettings defaults = catalogue(Map.of());
    assertThat(defaults.lowStockThreshold()).isEqualTo(5);
    assertThat(defaults.reservationTtlSeconds()).isEqualTo(900);
    assertThat(defaults.currency()).isEmpty();
    assertThat(catalogue(Map.of(ConfigKey.CATALOGUE_CURRENCY, "EUR")).currency()).contains("EUR");
    assertThatThrownBy(() -> catalogue(Map.of(ConfigKey.CATALOGUE_CURRENCY, "euro",
        ConfigKey.STOCK_LOW_THRESHOLD, "-1")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
        .hasMessageContaining("catalogue.currency (EMPORIUM_CATALOGUE_CURRENCY) must be an ISO 4217 code such as EUR,"
            + " got 'euro'")
        .hasMessageContaining("stock.low-threshold (EMPORIUM_STOCK_LOW_THRESHOLD) must be between 0 and 1000000");
  }
}
