package io.emporium.launcher.product;

import io.emporium.platform.config.ConfigKey;
import java.util.Map;

class InMemoryProductRoutesTest extends ProductRoutesContract {
  @Override
  Map<ConfigKey, String> storeConfig() {
    return Map.of(ConfigKey.STORE, "memory");
  }
}
