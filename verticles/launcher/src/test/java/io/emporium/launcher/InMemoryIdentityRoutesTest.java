package io.emporium.launcher;

import io.emporium.platform.config.ConfigKey;
import java.util.Map;

class InMemoryIdentityRoutesTest extends IdentityRoutesContract {
  @Override
  Map<ConfigKey, String> storeConfig() {
    return Map.of(ConfigKey.STORE, "memory");
  }
}
