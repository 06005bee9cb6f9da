package io.emporium.launcher.product;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.ProductModule;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

class PostgresProductRoutesTest extends ProductRoutesContract {
  @Override
  Map<ConfigKey, String> storeConfig() {
    return Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, TestDatabase.url());
  }

  @Override
  void prepareStore() {
    Vertx vertx = Vertx.vertx();
    try {
      TestDatabase.prepare(vertx, ProductModule.SCHEMA, ProductModule.MIGRATIONS, "product.products",
              "product.categories", "product.reservations", "product.audit_log", "product.outbox",
              "product.search_words")
          .compose(pool -> pool.close()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot empty the product schema", e);
    } finally {
      vertx.close();
    }
  }
}
