package io.emporium.launcher.product;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.ProductModule;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The stores the product route contracts run on: the configuration of each, and what to do before a start. */
enum RoutesStore {
  MEMORY {
    @Override
    Map<ConfigKey, String> config() {
      return Map.of(ConfigKey.STORE, "memory");
    }
  },
  POSTGRES {
    @Override
    Map<ConfigKey, String> config() {
      return Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, TestDatabase.url());
    }

    /** Empties the product schema, so that a class starts from no products whatever ran before it. */
    @Override
    void prepare() {
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
  };

  abstract Map<ConfigKey, String> config();

  /** Runs before the system starts. */
  void prepare() {}
}
