package io.emporium.product.config;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.Profile;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/** The catalogue's section of the configuration, listed in the product module's META-INF/services. */
public final class CatalogueConfigSection implements ConfigSection<CatalogueSettings> {

  @Override
  public Class<CatalogueSettings> type() {
    return CatalogueSettings.class;
  }

  @Override
  public CatalogueSettings read(ConfigReader reader, EmporiumConfig config) {
    return new CatalogueSettings(
        reader.intIn(ConfigKey.STOCK_LOW_THRESHOLD, 0, 1_000_000),
        reader.intIn(ConfigKey.STOCK_RESERVATION_TTL_SECONDS, 1, 86_400),
        reader.intIn(ConfigKey.STOCK_SWEEP_INTERVAL_MS, 100, 600_000),
        demoCatalogue(reader, config.profile(), config.store().kind()),
        reader.intIn(ConfigKey.CATALOGUE_ADMIN_CACHE_SECONDS, 0, 300),
        reader.intIn(ConfigKey.CATALOGUE_ADMIN_CHECK_TIMEOUT_MS, 10, 60_000),
        currency(reader));
  }

  private static Optional<String> currency(ConfigReader reader) {
    Optional<String> code = reader.optional(ConfigKey.CATALOGUE_CURRENCY);
    code.ifPresent(c -> {
      try {
        if (!c.matches("[A-Z]{3}") || Currency.getInstance(c) == null) {
          reader.problem(ConfigKey.CATALOGUE_CURRENCY, "must be an ISO 4217 code such as EUR, got '" + c + "'");
        }
      } catch (IllegalArgumentException unknown) {
        reader.problem(ConfigKey.CATALOGUE_CURRENCY, "must be an ISO 4217 code such as EUR, got '" + c + "'");
      }
    });
    return code;
  }

  /** {@code auto}: a zero-setup start (dev profile, in-memory store) shows products; anything else starts empty. */
  private static boolean demoCatalogue(ConfigReader reader, Profile profile, StoreKind store) {
    if ("auto".equalsIgnoreCase(reader.value(ConfigKey.CATALOGUE_DEMO))) {
      return profile == Profile.DEV && store == StoreKind.MEMORY;
    }
    String v = reader.value(ConfigKey.CATALOGUE_DEMO).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      reader.problem(ConfigKey.CATALOGUE_DEMO, "must be auto, true or false, got '" + v + "'");
    }
    return v.equals("true");
  }
}
