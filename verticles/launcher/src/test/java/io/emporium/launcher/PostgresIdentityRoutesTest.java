package io.emporium.launcher;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.testing.TestDatabase;
import java.util.Map;

class PostgresIdentityRoutesTest extends IdentityRoutesContract {
  @Override
  Map<ConfigKey, String> storeConfig() {
    return Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, TestDatabase.url());
  }
}
